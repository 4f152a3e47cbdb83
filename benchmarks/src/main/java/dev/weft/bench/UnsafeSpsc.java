package dev.weft.bench;

import java.lang.reflect.Field;
import java.util.AbstractQueue;
import java.util.Iterator;
import sun.misc.Unsafe;

/**
 * A control for the lock-free benchmarks: {@code dev.weft.lockfree.SpscQueue}'s ring, the same
 * fields, padding and orderings, with its slots read and written through {@code sun.misc.Unsafe}
 * (as JCTools' are) instead of a {@code VarHandle}, which checks each index against the array's
 * length and each stored element against the array's type. The difference between the two is
 * what those checks cost; Weft's core does not use {@code Unsafe}, whose memory-access methods
 * the JDK is removing.
 */
final class UnsafeSpsc<E> extends UnsafeSpscConsumer<E> {
    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6, q7;

    UnsafeSpsc(int capacity) {
        super(new Object[capacity], capacity - 1, Math.max(1, Math.min(capacity / 4, 4096)));
    }

    private static long offset(long index, int mask) {
        return BASE + ((index & mask) << SHIFT);
    }

    @Override
    public boolean offer(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        Object[] elements = this.elements;
        long t = tail;
        long at = offset(t, mask);
        if (t >= producerLimit) {
            if (U.getObjectVolatile(elements, offset(t + lookAhead, mask)) == null) {
                producerLimit = t + lookAhead;
            } else if (U.getObjectVolatile(elements, at) != null) {
                return false;
            }
        }
        U.putOrderedObject(elements, at, e);
        U.putOrderedLong(this, TAIL, t + 1);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        Object[] elements = this.elements;
        long h = head;
        long at = offset(h, mask);
        E e = (E) U.getObjectVolatile(elements, at);
        if (e == null) {
            return null;
        }
        U.putOrderedObject(elements, at, null);
        U.putOrderedLong(this, HEAD, h + 1);
        return e;
    }

    @Override
    public E peek() {
        throw new UnsupportedOperationException("a benchmark's control: offer and poll only");
    }

    @Override
    public int size() {
        return (int) (U.getLongVolatile(this, TAIL) - U.getLongVolatile(this, HEAD));
    }

    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("a benchmark's control: offer and poll only");
    }
}

/** The ring, and the {@code Unsafe} offsets into it. */
abstract class UnsafeSpscRing<E> extends AbstractQueue<E> {
    static final Unsafe U;
    static final long BASE;
    static final int SHIFT;

    static {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (Unsafe) f.get(null);
            BASE = U.arrayBaseOffset(Object[].class);
            SHIFT = 31 - Integer.numberOfLeadingZeros(U.arrayIndexScale(Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Object[] elements;
    final int mask;
    final int lookAhead;

    UnsafeSpscRing(Object[] elements, int mask, int lookAhead) {
        this.elements = elements;
        this.mask = mask;
        this.lookAhead = lookAhead;
    }
}

abstract class UnsafeSpscPadAfterRing<E> extends UnsafeSpscRing<E> {
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7;

    UnsafeSpscPadAfterRing(Object[] elements, int mask, int lookAhead) {
        super(elements, mask, lookAhead);
    }
}

/** The producer's fields, on a line of their own. */
abstract class UnsafeSpscProducer<E> extends UnsafeSpscPadAfterRing<E> {
    static final long TAIL = fieldOffset(UnsafeSpscProducer.class, "tail");
    long tail;
    long producerLimit;

    UnsafeSpscProducer(Object[] elements, int mask, int lookAhead) {
        super(elements, mask, lookAhead);
    }

    static long fieldOffset(Class<?> c, String name) {
        try {
            return U.objectFieldOffset(c.getDeclaredField(name));
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

abstract class UnsafeSpscPadAfterProducer<E> extends UnsafeSpscProducer<E> {
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17;

    UnsafeSpscPadAfterProducer(Object[] elements, int mask, int lookAhead) {
        super(elements, mask, lookAhead);
    }
}

/** The consumer's field, on a line of its own. */
abstract class UnsafeSpscConsumer<E> extends UnsafeSpscPadAfterProducer<E> {
    static final long HEAD = fieldOffset(UnsafeSpscConsumer.class, "head");
    long head;

    UnsafeSpscConsumer(Object[] elements, int mask, int lookAhead) {
        super(elements, mask, lookAhead);
    }
}
