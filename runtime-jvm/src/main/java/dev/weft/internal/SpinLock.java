package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A test-and-test-and-set lock for critical sections of a few dozen instructions.
 */
public class SpinLock {
    /*
     * Implementation overview.
     *
     * One int, 0 or 1, taken by CAS; released by a plain release store, so an uncontended
     * lock/unlock pair costs one CAS. A waiter first spins with {@link Thread#onSpinWait()} (the
     * holder is running on another core and is nearly done), backing off between attempts (1,
     * 2, 4, … up to 16 pauses): each failed attempt moves the lock's cache line to the waiter's
     * core and back, and a holder that comes back for its next critical section at once (a
     * consumer draining a buffer while producers wait) then finds the lock free instead of
     * trading it with the waiter at every operation. If the lock is still held after about
     * {@value #SPINS} pauses, the holder's thread has most likely been descheduled by the
     * operating system, and spinning on would keep it off the core it needs. The waiter then
     * parks for short, doubling intervals (up to {@value #MAX_BACKOFF_NANOS} ns) and retries: a
     * virtual thread unmounts, so its carrier can run other goroutines or sleep; a platform thread
     * sleeps in the kernel. No waiter is recorded, so unlock needs no fence and wakes nobody; a
     * waiter that parks learns of the release at its next retry, at most one backoff late, which
     * only happens when the holder was already descheduled for far longer (Go's runtime
     * {@code lock2} spins, then yields, then sleeps on a futex for the same reason).
     *
     *
     * Holders never block, park or call user code while holding it, and locks taken together
     * are taken in one global order (channels by id), so every holder makes progress. A waiter may
     * park while it holds another such lock (a select takes several); that is safe because no
     * scheduler worker (carrier thread) ever takes one of these locks, so a parked holder always
     * gets a carrier back. The backoff parks use {@link LockSupport#parkNanos} directly, never
     * Weft's own timers, which are themselves guarded by one of these locks.
     *
     *
     * <b>Permits.</b> A back-off park consumes the thread's park permit if one is pending: an
     * {@code unpark} meant for the caller's own wait (a channel counterpart that completed its
     * select, say, while the caller was registering a timer for it). If the caller then parked
     * without looking at its condition again, it would sleep through the wake-up; the timer heap
     * does exactly that (it registers the wake-up timer, then parks). So a waiter that parked even
     * once re-grants the permit ({@code unpark} of itself) when it has the lock: it cannot tell an
     * early return caused by an unpark from a spurious one, and a spare permit costs the caller at
     * most one spurious return from its next park, which every park loop tolerates.
     *
     *
     * <b>Errors.</b> Every critical section releases the lock in {@code finally}, so an
     * {@link Error} thrown inside it (a {@code StackOverflowError}, an {@code OutOfMemoryError})
     * cannot leave it held; {@link #lock()} itself either takes the lock and returns or throws
     * without it. That is not enough for a {@code StackOverflowError}: the {@code unlock()} in
     * the {@code finally} is a call too, and a call that finds too little stack left throws
     * before it runs. A critical section close to the end of the stack may throw in one of its
     * own calls, and then its {@code unlock()}, at nearly the same depth, throws as well (the
     * JIT inlines {@code lock()} on the fast path but not always {@code unlock()} on the exception
     * path; the interpreter inlines nothing). So every {@code unlock()} in a {@code finally} is
     * wrapped: on a {@code StackOverflowError} the handler stores 0 into {@link #locked} directly,
     * a field store that needs no stack, and rethrows. The JDK guards its own locks against the
     * same failure with a reserved stack area, which is not open to libraries.
     *
     *
     * Not reentrant, not fair. Public only so that Weft's packages can share it; it is not part of
     * Weft's API.
     */

    private static final VarHandle LOCKED;

    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(SpinLock.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int SPINS = 256;
    private static final long MIN_BACKOFF_NANOS = 10_000;
    private static final long MAX_BACKOFF_NANOS = 500_000;

    /**
     * 1 while held. Public for one purpose only: a critical section's handler for a
     * {@link StackOverflowError} thrown by the {@link #unlock()} call itself releases the lock
     * by storing 0 here, which (a field store, not a call) cannot overflow in turn. See the
     * overview.
     */
    public volatile int locked;

    /** Takes the lock: spins while its holder is likely running, then backs off in short parks. */
    public final void lock() {
        if (!LOCKED.compareAndSet(this, 0, 1)) {
            contended();
        }
    }

    private void contended() {
        for (int spins = 0, pause = 1; spins < SPINS; spins += pause, pause = Math.min(2 * pause, 16)) {
            if (locked == 0 && LOCKED.compareAndSet(this, 0, 1)) {
                return;
            }
            for (int i = 0; i < pause; i++) {
                Thread.onSpinWait();
            }
        }
        boolean interrupted = false;      // a pending interrupt would make every park return at once
        for (long backoff = MIN_BACKOFF_NANOS; ; backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS)) {
            LockSupport.parkNanos(this, backoff);
            interrupted |= Thread.interrupted();
            if (locked == 0 && LOCKED.compareAndSet(this, 0, 1)) {
                try {
                    Thread self = Thread.currentThread();
                    LockSupport.unpark(self);    // the permit a park above may have consumed
                    if (interrupted) {
                        self.interrupt();
                    }
                } catch (Throwable t) {          // a StackOverflowError: the caller never got the lock
                    locked = 0;                  // a field store, not a call that could overflow too
                    throw t;
                }
                return;
            }
        }
    }

    /** Takes the lock if it is free now; never spins. */
    public final boolean tryLock() {
        return locked == 0 && LOCKED.compareAndSet(this, 0, 1);
    }

    /** Whether some thread holds the lock now; for monitoring and tests. */
    public final boolean isLocked() {
        return locked != 0;
    }

    /** Releases the lock (a release store). */
    public final void unlock() {
        LOCKED.setRelease(this, 0);
    }
}
