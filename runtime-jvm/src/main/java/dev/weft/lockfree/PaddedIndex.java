package dev.weft.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@code long} index alone on its cache line: 64 bytes of padding on each side (the fields of
 * {@link IndexPaddingBefore} and of this class), so that a producer's index and a consumer's
 * never share a line and the cores writing them do not invalidate each other's caches (false
 * sharing). The JVM lays out a superclass's fields before a subclass's, which is what keeps the
 * padding on both sides of {@link IndexValue}'s field.
 */
final class PaddedIndex extends IndexValue {
    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6, q7;
}

/** The padding laid out before the index. */
class IndexPaddingBefore {
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7;
}

/** The index itself, with the orderings the structures use. */
class IndexValue extends IndexPaddingBefore {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(IndexValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")              // through VALUE
    private volatile long value;

    final long getAcquire() {
        return (long) VALUE.getAcquire(this);
    }

    final long getOpaque() {
        return (long) VALUE.getOpaque(this);
    }

    final void setOpaque(long v) {
        VALUE.setOpaque(this, v);
    }

    final void setRelease(long v) {
        VALUE.setRelease(this, v);
    }

    final long getVolatile() {
        return (long) VALUE.getVolatile(this);
    }

    final void setVolatile(long v) {
        VALUE.setVolatile(this, v);
    }

    final boolean compareAndSet(long expected, long v) {
        return VALUE.compareAndSet(this, expected, v);
    }
}
