package dev.weft.time;

import dev.weft.chan.RecvChan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.internal.Blocking;
import dev.weft.internal.CurrentContext;
import dev.weft.internal.Nanos;
import dev.weft.internal.TimerQueue;
import dev.weft.sched.Body;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time} package: timers, tickers and sleep, for goroutines and platform threads.
 *
 * <pre>{@code
 * int i = Select.select(Duration.ofSeconds(2), SelectCase.recv(results));   // or:
 * Select.select(SelectCase.recv(results), SelectCase.recv(Time.after(Duration.ofSeconds(2))));
 * }</pre>
 */
public final class Time {
    private Time() {}

    /** A channel that receives the time once, after {@code d} (Go's {@code time.After}). */
    public static RecvChan<Instant> after(Duration d) {
        return newTimer(d).c();
    }

    /** A timer that sends the time on its channel after {@code d} (Go's {@code time.NewTimer}). */
    public static Timer newTimer(Duration d) {
        return new Timer(d, null);
    }

    /**
     * Runs {@code f} in its own goroutine after {@code d}, unless the returned timer is
     * stopped first (Go's {@code time.AfterFunc}). The goroutine runs on the scheduler of the
     * goroutine that called this; called from any other thread (or if that scheduler has shut
     * down by then), on the default scheduler.
     */
    public static Timer afterFunc(Duration d, Body f) {
        return new Timer(d, Objects.requireNonNull(f, "f"));
    }

    /**
     * A ticker sending the time every {@code period} (Go's {@code time.NewTicker}).
     *
     * @throws IllegalArgumentException if {@code period} is not positive (Go panics)
     */
    public static Ticker newTicker(Duration period) {
        return new Ticker(period);
    }

    /**
     * Pauses the caller for at least {@code d} (Go's {@code time.Sleep}): parks a goroutine,
     * freeing its worker; zero or negative returns at once. An interrupt or the end of the
     * current context ends it early, as it ends every Weft wait (see the {@link dev.weft}
     * package).
     *
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     * @throws dev.weft.context.ContextException          if the current context ends first
     */
    public static void sleep(Duration d) {
        long nanos = Nanos.ofTimeout(d);
        if (nanos == 0) {
            return;
        }
        if (CurrentContext.current() != null) {
            Select.select(d, SelectCase.recv(null));    // a select that only the timeout or the context ends
            return;
        }
        long deadline = System.nanoTime() + nanos;
        Sleeping blocker = new Sleeping();      // one per sleep: each sleep is a wait of its own
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            if (Thread.currentThread().isInterrupted()) {
                throw Blocking.interrupted("sleep");
            }
            TimerQueue.parkNanos(blocker, left);
        }
    }

    /** What a sleeping goroutine is parked on: dumps say {@code [sleep]}, as Go's do. */
    private static final class Sleeping {
        @Override
        public String toString() {
            return "sleep";
        }
    }
}
