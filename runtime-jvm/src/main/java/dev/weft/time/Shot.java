package dev.weft.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One schedule of a {@link Timer} or {@link Ticker}: decides, once per firing, between the
 * firing and a {@code stop}.
 */
final class Shot {
    /*
     * Implementation overview.
     *
     * A timer's entry can be taken from the timer heap by a worker or the timer thread a moment
     * before {@code stop()} runs; cancelling the entry then fails, and the send it is about to make
     * would land after {@code stop()} had drained the channel: a stale value, against Go 1.23's
     * promise. So the firing and the stop race on one state: the firer moves it from
     * {@code PENDING} to {@code FIRING} by CAS before it sends, and to {@code FIRED} (a ticker:
     * back to {@code PENDING}) after; {@link #stop()} moves it from {@code PENDING} to
     * {@code STOPPED}, and if a firing is in progress waits for it to end (a non-blocking send, a
     * few hundred nanoseconds) before it returns. After {@code stop()} returns, this schedule
     * sends nothing more, so the channel drained after it holds no value of it.
     */

    private static final int PENDING = 0;
    private static final int FIRING = 1;
    private static final int FIRED = 2;
    private static final int STOPPED = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Shot.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;

    /** Firer: whether it may fire now; if so it must call {@link #fired}, {@link #ticked} or {@link #gaveUp}. */
    boolean beginFire() {
        return state == PENDING && STATE.compareAndSet(this, PENDING, FIRING);
    }

    /** Firer: a one-shot firing is done. */
    void fired() {
        state = FIRED;
    }

    /** Firer: a periodic firing is done; the next may come. */
    void ticked() {
        state = PENDING;
    }

    /** Firer: the firing did not happen after all (a worker found the channel busy). */
    void gaveUp() {
        state = PENDING;
    }

    /**
     * Stops this schedule: no firing begins after this returns, and one in progress has ended.
     *
     * @return true if it was pending (had not fired, nor been stopped)
     */
    boolean stop() {
        for (int spins = 0; ; spins++) {
            int s = state;
            if (s == PENDING && STATE.compareAndSet(this, PENDING, STOPPED)) {
                return true;
            }
            if (s == FIRED || s == STOPPED) {
                return false;
            }
            if (s == FIRING) {
                if ((spins & 63) == 63) {
                    Thread.yield();          // the firer may have lost its core
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
