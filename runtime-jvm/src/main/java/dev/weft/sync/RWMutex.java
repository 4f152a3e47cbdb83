package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.internal.Blocking;
import dev.weft.internal.CurrentContext;
import dev.weft.internal.Nanos;
import dev.weft.internal.Held;
import java.time.Duration;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * Go's {@code sync.RWMutex}: any number of readers or one writer.
 *
 * <pre>{@code
 * rw.rlock();
 * try { return cache.get(k); } finally { rw.runlock(); }
 * }</pre>
 *
 * <ul>
 *   <li>Writers are not starved: once a writer waits, goroutines that arrive to read queue
 *       behind it (as Go: "a blocked Lock call excludes new readers").</li>
 *   <li>Not reentrant and not owned, as in Go: do not read-lock recursively (it deadlocks if a
 *       writer arrives in between); any goroutine may unlock.</li>
 *   <li>Unlocking what is not locked throws {@link IllegalStateException}.</li>
 * </ul>
 */
public final class RWMutex {
    /*
     * Implementation overview.
     *
     * One {@link AbstractQueuedSynchronizer}: state -1 while a writer holds it, else the number of
     * readers. Both modes acquire only when nobody is queued ahead ({@code hasQueuedPredecessors}),
     * so the queue is served in arrival order and a waiting writer holds back later readers; AQS
     * propagates a release through consecutive queued readers, so they enter together. Releases
     * are CASes that fail loudly on an unlocked state.
     */

    private static final int WRITER = -1;

    private static final class Sync extends QueuedSynchronizer implements Held {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean tryAcquire(int ignored) {
            return getState() == 0 && !hasQueuedPredecessors() && compareAndSetState(0, WRITER) && held();
        }

        /** Records the writer that just locked, for lock-cycle detection only; true. */
        private boolean held() {
            setExclusiveOwnerThread(Thread.currentThread());
            return true;
        }

        @Override
        public Thread holder() {
            return getExclusiveOwnerThread();
        }

        @Override
        protected boolean tryRelease(int ignored) {
            setExclusiveOwnerThread(null);   // before the release: never names a thread that let go
            if (!compareAndSetState(WRITER, 0)) {
                throw new IllegalStateException("unlock of unlocked RWMutex");
            }
            return true;
        }

        @Override
        protected int tryAcquireShared(int ignored) {
            for (;;) {
                int c = getState();
                if (c == WRITER || hasQueuedPredecessors()) {
                    return -1;
                }
                if (compareAndSetState(c, c + 1)) {
                    return 1;
                }
            }
        }

        @Override
        protected boolean tryReleaseShared(int ignored) {
            for (;;) {
                int c = getState();
                if (c <= 0) {
                    throw new IllegalStateException("runlock of unlocked RWMutex");
                }
                if (compareAndSetState(c, c - 1)) {
                    return c == 1;
                }
            }
        }

        boolean tryLockNow() {
            return getState() == 0 && compareAndSetState(0, WRITER) && held();
        }

        boolean tryRLockNow() {
            for (;;) {
                int c = getState();
                if (c == WRITER || hasQueuedThreads()) {
                    return false;
                }
                if (compareAndSetState(c, c + 1)) {
                    return true;
                }
            }
        }

        int readers() {
            return Math.max(0, getState());
        }

        boolean writeLocked() {
            return getState() == WRITER;
        }
    }

    private final Sync sync = new Sync();

    /** Locks for writing, parking until no reader or writer holds it. */
    public void lock() {
        if (!sync.tryAcquire(1)) {
            Blocking.await(null, Blocking.FOREVER, this::acquireWrite, "write lock", this);
        }
    }

    /**
     * Locks for writing, parking until no reader or writer holds it or {@code ctx} ends.
     *
     * @throws dev.weft.context.ContextException if {@code ctx} ends first (or has ended); it
     *                                           was not locked
     */
    public void lock(Context ctx) {
        ctx.throwIfDone();
        if (!sync.tryAcquire(1)) {
            Blocking.await(CurrentContext.of(ctx), Blocking.FOREVER, this::acquireWrite, "write lock", this);
        }
    }

    private Void acquireWrite(long ignored) throws InterruptedException {
        sync.acquireInterruptibly(1);
        return null;
    }

    private Void acquireRead(long ignored) throws InterruptedException {
        sync.acquireSharedInterruptibly(1);
        return null;
    }

    /** Locks for writing if that can be done now (Go's {@code TryLock}). */
    public boolean tryLock() {
        return sync.tryLockNow();
    }

    /**
     * Locks for writing, waiting at most {@code timeout} (zero or negative: not at all).
     *
     * @return whether it locked
     */
    public boolean tryLock(Duration timeout) {
        long nanos = Nanos.ofTimeout(timeout);
        return sync.tryAcquire(1)
                || (nanos > 0 && Blocking.await(null, nanos, n -> sync.tryAcquireNanos(1, n), "write lock", this));
    }

    /**
     * Unlocks a write lock.
     *
     * @throws IllegalStateException if it is not write-locked
     */
    public void unlock() {
        sync.release(1);
    }

    /** Locks for reading, parking while a writer holds it or waits for it. */
    public void rlock() {
        if (sync.tryAcquireShared(1) < 0) {
            Blocking.await(null, Blocking.FOREVER, this::acquireRead, "read lock", this);
        }
    }

    /**
     * Locks for reading, parking while a writer holds it or waits for it, until {@code ctx}
     * ends.
     *
     * @throws dev.weft.context.ContextException if {@code ctx} ends first (or has ended); it
     *                                           was not locked
     */
    public void rlock(Context ctx) {
        ctx.throwIfDone();
        if (sync.tryAcquireShared(1) < 0) {
            Blocking.await(CurrentContext.of(ctx), Blocking.FOREVER, this::acquireRead, "read lock", this);
        }
    }

    /** Locks for reading if that can be done now (Go's {@code TryRLock}). */
    public boolean tryRLock() {
        return sync.tryRLockNow();
    }

    /**
     * Locks for reading, waiting at most {@code timeout} (zero or negative: not at all).
     *
     * @return whether it locked
     */
    public boolean tryRLock(Duration timeout) {
        long nanos = Nanos.ofTimeout(timeout);
        return sync.tryAcquireShared(1) >= 0
                || (nanos > 0 && Blocking.await(null, nanos, n -> sync.tryAcquireSharedNanos(1, n), "read lock", this));
    }

    /**
     * Unlocks one read lock.
     *
     * @throws IllegalStateException if it is not read-locked
     */
    public void runlock() {
        sync.releaseShared(1);
    }

    /** Readers holding it now; for monitoring. */
    public int readers() {
        return sync.readers();
    }

    /** Whether a writer holds it now; for monitoring. */
    public boolean isWriteLocked() {
        return sync.writeLocked();
    }

    /** Its identity, as wait reasons and flight-recorder events name it: {@code RWMutex@1b6d3586}. */
    @Override
    public String toString() {
        return "RWMutex@" + Integer.toHexString(System.identityHashCode(this));
    }
}
