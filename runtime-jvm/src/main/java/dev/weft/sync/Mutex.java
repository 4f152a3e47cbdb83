package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.internal.Nanos;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * Go's {@code sync.Mutex}: a mutual-exclusion lock that parks waiting goroutines (and blocks
 * waiting platform threads).
 *
 * <pre>{@code
 * mu.lock();
 * try { counter++; } finally { mu.unlock(); }
 * }</pre>
 *
 * <ul>
 *   <li>Not reentrant, and not owned: locking it twice from one goroutine deadlocks, and any
 *       goroutine may unlock it, as in Go. Unlocking an unlocked mutex throws
 *       {@link IllegalStateException} (Go: fatal error).</li>
 *   <li>Normal mode lets a newcomer take a just-released lock ahead of queued waiters (fast:
 *       the lock stays hot on one core). A waiter that has waited longer than 1 ms switches the
 *       mutex to <em>starvation mode</em>: newcomers queue behind the waiters and the lock goes
 *       to them in FIFO order, until the queue drains. No waiter waits forever.</li>
 *   <li>{@link #lock()} is not interruptible (Go has no interrupts); the interrupt status is
 *       kept.</li>
 * </ul>
 *
 * <h2>Implementation overview</h2>
 * An {@link AbstractQueuedSynchronizer} in exclusive mode; state 0 is unlocked, 1 locked, with
 * no owner recorded. {@code tryAcquire} barges unless {@code starving} is set and there are
 * queued predecessors. {@link #lock()} first waits at most {@value #STARVATION_MILLIS} ms in
 * the queue; if that times out it sets {@code starving} and waits again, now served in order
 * (Go's {@code starvationThresholdNs}). Whoever acquires with nobody queued clears the mode.
 */
public final class Mutex {
    static final long STARVATION_MILLIS = 1;
    private static final long STARVATION_NANOS = TimeUnit.MILLISECONDS.toNanos(STARVATION_MILLIS);

    private static final class Sync extends AbstractQueuedSynchronizer {
        private static final long serialVersionUID = 1L;
        volatile boolean starving;

        @Override
        protected boolean tryAcquire(int ignored) {
            if (starving && hasQueuedPredecessors()) {
                return false;
            }
            return getState() == 0 && compareAndSetState(0, 1);
        }

        @Override
        protected boolean tryRelease(int ignored) {
            // A CAS, not a check then a store: of two racing unlocks of one lock, one must fail.
            if (!compareAndSetState(1, 0)) {
                throw new IllegalStateException("unlock of unlocked mutex");
            }
            return true;
        }

        @Override
        protected boolean isHeldExclusively() {
            return getState() == 1;
        }

        ConditionObject newCondition() {
            return new ConditionObject();
        }
    }

    private final Sync sync = new Sync();

    /**
     * Locks, parking until the mutex is free. Under a {@link Context#current() current}
     * context that can end, as {@link #lock(Context)} with it.
     */
    public void lock() {
        if (sync.tryAcquire(1)) {
            return;
        }
        Context ctx = ContextWait.currentIfItCanEnd();
        if (ctx != null) {
            lock(ctx);
            return;
        }
        boolean interrupted = false;
        boolean acquired;
        try {
            acquired = sync.tryAcquireNanos(1, STARVATION_NANOS);
        } catch (InterruptedException e) {
            interrupted = true;
            acquired = false;
        }
        if (!acquired) {
            sync.starving = true;
            sync.acquire(1);
        }
        leftQueue();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Locks, parking until the mutex is free or {@code ctx} ends.
     *
     * <pre>{@code
     * mu.lock(ctx);                     // ContextException if ctx ends first
     * try { ... } finally { mu.unlock(); }
     * }</pre>
     *
     * @throws dev.weft.context.ContextException if {@code ctx} ends first (or has ended); the
     *                                           mutex was not locked
     */
    public void lock(Context ctx) {
        ctx.throwIfDone();
        if (sync.tryAcquire(1)) {
            return;
        }
        ContextWait.acquire(ctx, () -> {
            if (!sync.tryAcquireNanos(1, STARVATION_NANOS)) {
                sync.starving = true;
                sync.acquireInterruptibly(1);
            }
        });
        leftQueue();
    }

    /** After a queued acquire: whoever takes the lock with nobody queued ends starvation mode. */
    private void leftQueue() {
        if (sync.starving && !sync.hasQueuedThreads()) {
            sync.starving = false;
        }
    }

    /** Locks if the mutex is free now (Go's {@code TryLock}); never waits. */
    public boolean tryLock() {
        return sync.tryAcquire(1);
    }

    /**
     * Locks, waiting at most {@code timeout}.
     *
     * @return whether it locked
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean tryLock(Duration timeout) throws InterruptedException {
        return sync.tryAcquireNanos(1, Nanos.of(timeout));
    }

    /**
     * Unlocks. Any goroutine may unlock a mutex another locked, as in Go.
     *
     * @throws IllegalStateException if it is not locked
     */
    public void unlock() {
        sync.release(1);
    }

    /** Whether it is locked now; for monitoring, not for synchronisation. */
    public boolean isLocked() {
        return sync.isHeldExclusively();
    }

    /** Whether it is in starvation mode now; for monitoring and tests. */
    boolean isStarving() {
        return sync.starving;
    }

    /** A condition variable bound to this mutex (Go's {@code sync.NewCond(&mu)}). */
    public Cond newCond() {
        return new Cond(this, sync.newCondition());
    }
}
