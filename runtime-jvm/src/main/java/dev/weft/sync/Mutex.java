package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.internal.Blocking;
import dev.weft.internal.CurrentContext;
import dev.weft.internal.Nanos;
import dev.weft.internal.Held;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 *   <li>Waiting for it follows Weft's rule for blocking operations (see the {@link dev.weft}
 *       package): an interrupt abandons the wait with a
 *       {@link java.util.concurrent.CancellationException}, the end of the current context
 *       with its {@code ContextException}; either way the mutex was not locked.</li>
 * </ul>
 */
public final class Mutex {
    /*
     * Implementation overview.
     *
     * An {@link AbstractQueuedSynchronizer} in exclusive mode; state 0 is unlocked, 1 locked, with
     * no owner recorded. {@code tryAcquire} barges unless {@code starving} is set and there are
     * queued predecessors. {@link #lock()} first waits at most {@value #STARVATION_MILLIS} ms in
     * the queue; if that times out it sets {@code starving} and waits again, now served in order
     * (Go's {@code starvationThresholdNs}). Whoever acquires with nobody queued clears the mode.
     */

    static final long STARVATION_MILLIS = 1;
    private static final long STARVATION_NANOS = TimeUnit.MILLISECONDS.toNanos(STARVATION_MILLIS);

    private static final class Sync extends QueuedSynchronizer implements Held {
        private static final long serialVersionUID = 1L;
        private static final VarHandle STARVED_WAITS;

        static {
            try {
                STARVED_WAITS = MethodHandles.lookup().findVarHandle(Sync.class, "starvedWaits", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile boolean starving;
        /** Waits that switched it to starvation mode; only grows (wrapping). */
        volatile int starvedWaits;

        @Override
        protected boolean tryAcquire(int ignored) {
            if (starving && hasQueuedPredecessors()) {
                return false;
            }
            if (getState() == 0 && compareAndSetState(0, 1)) {
                setExclusiveOwnerThread(Thread.currentThread());   // for lock-cycle detection only
                return true;
            }
            return false;
        }

        @Override
        protected boolean tryRelease(int ignored) {
            setExclusiveOwnerThread(null);   // before the release: never names a thread that let go
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

        @Override
        public Thread holder() {
            return getExclusiveOwnerThread();
        }

        ConditionObject newCondition() {
            return new ConditionObject();
        }

        /** What a waiting goroutine waits on, as Weft's dump and a debugger show its blocker. */
        @Override
        public String toString() {
            return "mutex lock (" + (getState() == 1 ? "locked" : "unlocked") + (starving ? ", starving" : "") + ")";
        }
    }

    private final Sync sync = new Sync();

    /** Locks, parking until the mutex is free. */
    public void lock() {
        if (!sync.tryAcquire(1)) {
            Blocking.await(null, Blocking.FOREVER, this::acquireQueued, "mutex lock", this);
            leftQueue();
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
        if (!sync.tryAcquire(1)) {
            Blocking.await(CurrentContext.of(ctx), Blocking.FOREVER, this::acquireQueued, "mutex lock", this);
            leftQueue();
        }
    }

    /** Waits in the queue: {@value #STARVATION_MILLIS} ms, then in starvation mode. */
    private Void acquireQueued(long ignored) throws InterruptedException {
        if (!sync.tryAcquireNanos(1, STARVATION_NANOS)) {
            sync.starving = true;
            Sync.STARVED_WAITS.getAndAdd(sync, 1);
            sync.acquireInterruptibly(1);
        }
        return null;
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
     * Locks, waiting at most {@code timeout} (zero or negative: not at all).
     *
     * @return whether it locked
     */
    public boolean tryLock(Duration timeout) {
        long nanos = Nanos.ofTimeout(timeout);
        return sync.tryAcquire(1)
                || (nanos > 0 && Blocking.await(null, nanos, n -> sync.tryAcquireNanos(1, n), "mutex lock", this));
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

    /**
     * How many waits have switched it to starvation mode, for monitoring and tests: the mode
     * itself may be over before anyone looks, since the waiter that takes the mutex with nobody
     * queued behind it ends it.
     */
    int starvedWaits() {
        return sync.starvedWaits;
    }

    /** A condition variable bound to this mutex (Go's {@code sync.NewCond(&mu)}). */
    public Cond newCond() {
        return new Cond(this, sync.newCondition());
    }

    /** Its identity and state, as wait reasons and flight-recorder events name it: {@code Mutex@1b6d3586[locked]}. */
    @Override
    public String toString() {
        return "Mutex@" + Integer.toHexString(System.identityHashCode(this)) + (isLocked() ? "[locked]" : "[unlocked]");
    }
}
