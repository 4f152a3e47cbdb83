package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A test-and-test-and-set lock for critical sections of a few dozen instructions.
 *
 * <h2>Implementation overview</h2>
 * One int, 0 or 1, taken by CAS. A waiter spins with {@link Thread#onSpinWait()}; a platform
 * thread also yields its core between attempts after a while. It never parks: Weft's structures
 * are used from the virtual-thread scheduler's own paths, where parking a thread can swallow its
 * park permit (DESIGN §1), and their holders never block, park or yield while holding it.
 * Locks taken together are taken in one global order (channels by id), so a holder always
 * makes progress; goroutines are not preempted, so it is descheduled only by the operating
 * system, rarely and briefly.
 *
 * <p>Not reentrant, not fair. Public only so that Weft's packages can share it; it is not part of
 * Weft's API.
 */
public class SpinLock {
    private static final VarHandle LOCKED;

    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(SpinLock.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int SPINS_BEFORE_YIELD = 64;

    private volatile int locked;

    /** Takes the lock, spinning until it is free. */
    public final void lock() {
        if (!LOCKED.compareAndSet(this, 0, 1)) {
            contended();
        }
    }

    private void contended() {
        // A platform thread may give up its core to the holder's. A virtual thread must not
        // yield: that would unmount it while it may hold another SpinLock (select takes several),
        // and a worker running a timer action could then spin forever behind it.
        boolean mayYield = !Thread.currentThread().isVirtual();
        for (int spins = 0; ; spins++) {
            if (locked == 0 && LOCKED.compareAndSet(this, 0, 1)) {
                return;
            }
            if (mayYield && spins >= SPINS_BEFORE_YIELD) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Takes the lock if it is free now; never spins. */
    public final boolean tryLock() {
        return locked == 0 && LOCKED.compareAndSet(this, 0, 1);
    }

    /** Releases the lock (a release store). */
    public final void unlock() {
        LOCKED.setRelease(this, 0);
    }

    /**
     * Releases the lock with a volatile store, so that the caller's later reads are ordered
     * after every write made under it (the store half of a Dekker pair).
     */
    public final void unlockFenced() {
        locked = 0;
    }
}
