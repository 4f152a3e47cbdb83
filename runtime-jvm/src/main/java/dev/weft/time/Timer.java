package dev.weft.time;

import dev.weft.Weft;
import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import dev.weft.internal.ChanAccess;
import dev.weft.internal.Nanos;
import dev.weft.internal.TimerQueue;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time.Timer}: a single event in the future, delivered as the current time on
 * {@link #c()}, or as a function run in its own goroutine ({@link Time#afterFunc}).
 *
 * <pre>{@code
 * Timer t = Time.newTimer(Duration.ofSeconds(1));
 * Select.select(SelectCase.recv(t.c()), SelectCase.recv(jobs));
 * t.stop();
 * }</pre>
 *
 * As in Go 1.23: the channel holds at most one value, and after {@link #stop()} or
 * {@link #reset} returns no stale value from the earlier schedule will be received. A stopped
 * timer is removed from the timer queue at once.
 */
public final class Timer {
    private final Chan<Instant> c;         // null for a function timer
    private final Body fn;               // null for a channel timer
    /** Where {@code fn} runs: the scheduler of the goroutine that made the timer (null: none). */
    private final Scheduler home;
    private TimerQueue.Entry pending;    // guarded by this
    private Shot shot;                   // guarded by this; see Shot

    Timer(Duration d, Body fn) {
        long nanos = Nanos.of(Objects.requireNonNull(d, "duration"));
        this.fn = fn;
        this.c = fn == null ? Chan.make(1) : null;
        Goroutine maker = fn != null ? Goroutine.current() : null;
        this.home = maker != null ? maker.scheduler() : null;
        schedule(nanos);
    }

    private synchronized void schedule(long nanos) {
        Shot s = new Shot();
        shot = s;
        pending = fn != null
                ? TimerQueue.schedule(() -> fire(s), nanos)                      // starts a goroutine
                : TimerQueue.scheduleNonWaiting(() -> fire(s), () -> fireIfFree(s), nanos);
    }

    /** A scheduler worker's attempt: sends unless the channel's lock is taken (then false). */
    private boolean fireIfFree(Shot s) {
        if (!s.beginFire()) {
            return true;                     // stopped meanwhile: nothing to do
        }
        if (ChanAccess.trySendIfFree(c, Instant.now()) == null) {
            s.gaveUp();
            return false;
        }
        s.fired();
        return true;
    }

    private void fire(Shot s) {
        if (!s.beginFire()) {
            return;
        }
        try {
            if (fn != null) {
                Weft.go(home, "timer-func", fn);
            } else {
                c.trySend(Instant.now());
            }
        } finally {
            s.fired();
        }
    }

    /**
     * The channel the time is sent on when the timer fires (Go's {@code C}).
     *
     * @throws IllegalStateException for a timer made by {@link Time#afterFunc}, which has none
     */
    public RecvChan<Instant> c() {
        if (c == null) {
            throw new IllegalStateException("an afterFunc timer has no channel");
        }
        return c;
    }

    /**
     * Stops the timer. Once this returns, the timer's channel holds no value and receives none
     * from this schedule; a function timer's function is either started already or never.
     *
     * @return true if this stopped it before it fired; false if it had fired or was stopped
     */
    public synchronized boolean stop() {
        boolean stopped = shot.stop();
        pending.cancel();
        if (c != null) {
            c.tryRecv();                   // no stale value after stop (Go 1.23)
        }
        return stopped;
    }

    /**
     * Stops the timer and schedules it again to fire after {@code d} (at once if it is zero or
     * negative; a {@code d} too long to count in nanoseconds waits about 146 years).
     *
     * @return whether it was still pending (had neither fired nor been stopped)
     * @throws NullPointerException if {@code d} is null; the timer is then left as it was
     */
    public synchronized boolean reset(Duration d) {
        long nanos = Nanos.of(Objects.requireNonNull(d, "duration"));
        boolean wasPending = stop();
        schedule(nanos);
        return wasPending;
    }
}
