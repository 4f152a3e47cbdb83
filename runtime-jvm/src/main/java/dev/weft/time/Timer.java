package dev.weft.time;

import dev.weft.Weft;
import dev.weft.chan.Chan;
import dev.weft.internal.TimerQueue;
import dev.weft.chan.RecvChan;
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
    private final Runnable fn;             // null for a channel timer
    /** Where {@code fn} runs: the scheduler of the goroutine that made the timer (null: none). */
    private final Scheduler home;
    private TimerQueue.Entry pending;    // guarded by this

    Timer(Duration d, Runnable fn) {
        this.fn = fn;
        this.c = fn == null ? Chan.make(1) : null;
        Goroutine maker = fn != null ? Goroutine.current() : null;
        this.home = maker != null ? maker.scheduler() : null;
        schedule(d);
    }

    private synchronized void schedule(Duration d) {
        long nanos = Objects.requireNonNull(d, "duration").toNanos();
        pending = fn != null
                ? TimerQueue.schedule(this::fire, nanos)                         // starts a goroutine
                : TimerQueue.scheduleNonWaiting(this::fire, this::fireIfFree, nanos);
    }

    /** A scheduler worker's attempt: sends unless the channel's lock is taken (then false). */
    private boolean fireIfFree() {
        return c.trySendIfFree(Instant.now()) != null;
    }

    private void fire() {
        if (fn != null) {
            Weft.go(home, "timer-func", fn);
        } else {
            c.trySend(Instant.now());
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
     * Stops the timer.
     *
     * @return true if this stopped it before it fired; false if it had fired or was stopped
     */
    public synchronized boolean stop() {
        boolean stopped = pending.cancel();
        if (c != null) {
            c.tryRecv();                   // no stale value after stop (Go 1.23)
        }
        return stopped;
    }

    /**
     * Stops the timer and schedules it again to fire after {@code d}.
     *
     * @return whether it was still pending (had neither fired nor been stopped)
     */
    public synchronized boolean reset(Duration d) {
        boolean wasPending = stop();
        schedule(d);
        return wasPending;
    }
}
