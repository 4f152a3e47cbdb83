package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.internal.Blocking;
import dev.weft.internal.CurrentContext;
import dev.weft.internal.Nanos;
import dev.weft.internal.WeftBlocker;
import java.time.Duration;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A weighted semaphore, as Go's {@code golang.org/x/sync/semaphore.Weighted}: a capacity of
 * {@code size} units, acquired and released in any amounts.
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(4);          // at most 4 units in use
 * sem.acquire(2);
 * try { work(); } finally { sem.release(2); }
 * }</pre>
 *
 * <ul>
 *   <li>FIFO: a waiter is served before later arrivals, so a large request is not starved by a
 *       stream of small ones (Go's {@code Weighted} does the same).</li>
 *   <li>Releasing more than is held throws {@link IllegalStateException} (Go panics), where
 *       {@link java.util.concurrent.Semaphore} would silently grow.</li>
 * </ul>
 */
public final class Semaphore {
    /*
     * Implementation overview.
     *
     * An {@link AbstractQueuedSynchronizer} in shared mode whose state is the units available, in
     * fair mode ({@code hasQueuedPredecessors} before taking); releases check the capacity.
     */

    private static final class Sync extends QueuedSynchronizer implements WeftBlocker {
        private static final long serialVersionUID = 1L;

        /** What a waiting goroutine waits on, as Weft's dump and a debugger show its blocker. */
        @Override
        public String toString() {
            return "semaphore acquire (" + getState() + " available)";
        }

        private final int size;

        Sync(int size) {
            this.size = size;
            setState(size);
        }

        int available() {
            return getState();
        }

        @Override
        protected int tryAcquireShared(int n) {
            for (;;) {
                if (hasQueuedPredecessors()) {
                    return -1;
                }
                int available = getState();
                int left = available - n;
                if (left < 0 || compareAndSetState(available, left)) {
                    return left;
                }
            }
        }

        int tryAcquireNow(int n) {
            for (;;) {
                int available = getState();
                int left = available - n;
                if (left < 0 || compareAndSetState(available, left)) {
                    return left;
                }
            }
        }

        @Override
        protected boolean tryReleaseShared(int n) {
            for (;;) {
                int available = getState();
                if (n > size - available) {          // not available + n: that overflows
                    throw new IllegalStateException("semaphore released more than held: " + n
                            + " released with " + (size - available) + " held");
                }
                if (compareAndSetState(available, available + n)) {
                    return true;
                }
            }
        }
    }

    private final Sync sync;
    private final int size;

    /**
     * A semaphore of {@code size} units, all available.
     *
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public Semaphore(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("semaphore size must not be negative, but is " + size);
        }
        this.size = size;
        this.sync = new Sync(size);
    }

    private int checked(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore units must not be negative, but are " + n);
        }
        if (n > size) {
            throw new IllegalArgumentException("cannot acquire " + n + " units of a semaphore of size " + size);
        }
        return n;
    }

    /**
     * Acquires {@code n} units, waiting until they are available.
     *
     * @throws IllegalArgumentException if {@code n} is negative or exceeds the size (it could
     *                                  never be satisfied)
     */
    public void acquire(int n) {
        if (!tryAcquire(n)) {
            Blocking.await(null, Blocking.FOREVER, ignored -> acquireQueued(n), "semaphore acquire", this);
        }
    }

    private Void acquireQueued(int n) throws InterruptedException {
        sync.acquireSharedInterruptibly(n);
        return null;
    }

    /**
     * Acquires {@code n} units, waiting until they are available or {@code ctx} ends (Go's
     * {@code Weighted.Acquire(ctx, n)}).
     *
     * @throws IllegalArgumentException          if {@code n} is negative or exceeds the size
     * @throws dev.weft.context.ContextException if {@code ctx} ends first (or has ended);
     *                                           nothing was acquired
     */
    public void acquire(Context ctx, int n) {
        checked(n);
        ctx.throwIfDone();
        if (tryAcquire(n)) {
            return;
        }
        Blocking.await(CurrentContext.of(ctx), Blocking.FOREVER, ignored -> acquireQueued(n), "semaphore acquire", this);
    }

    /** Acquires {@code n} units if they are available now and nobody is waiting ahead. */
    public boolean tryAcquire(int n) {
        checked(n);
        return !sync.hasQueuedThreads() && sync.tryAcquireNow(n) >= 0;
    }

    /**
     * Acquires {@code n} units, waiting at most {@code timeout} (zero or negative: not at all).
     *
     * @return whether they were acquired; if not, nothing was
     */
    public boolean tryAcquire(int n, Duration timeout) {
        long nanos = Nanos.ofTimeout(timeout);
        return tryAcquire(n)
                || (nanos > 0 && Blocking.await(null, nanos, left -> sync.tryAcquireSharedNanos(n, left), "semaphore acquire", this));
    }

    /**
     * Releases {@code n} units.
     *
     * @throws IllegalStateException if that would exceed the size: more released than held
     */
    public void release(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore units must not be negative, but are " + n);
        }
        sync.releaseShared(n);
    }

    /** Units available now; for monitoring. */
    public int available() {
        return sync.available();
    }

    /** The capacity. */
    public int size() {
        return size;
    }

    /** Its identity, as wait reasons and flight-recorder events name it: {@code Semaphore@1b6d3586}. */
    @Override
    public String toString() {
        return "Semaphore@" + Integer.toHexString(System.identityHashCode(this));
    }
}
