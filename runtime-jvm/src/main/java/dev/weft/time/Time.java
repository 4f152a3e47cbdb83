package dev.weft.time;

import dev.weft.chan.RecvChan;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.internal.Nanos;
import dev.weft.internal.TimerQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;

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
    public static Timer afterFunc(Duration d, Runnable f) {
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
     * freeing its worker. Not interruptible; the interrupt status is kept. Under a
     * {@link Context#current() current} context that can end, it ends early with a
     * {@link ContextException} when the context does (interrupts still do not end it).
     */
    public static void sleep(Duration d) {
        Context ctx = Context.current();
        long deadline = System.nanoTime() + Nanos.of(d);
        boolean interrupted = false;
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            interrupted |= Thread.interrupted();   // a pending interrupt would end any wait at once
            if (!ctx.canEnd()) {
                TimerQueue.parkNanos(Time.class, left);
                continue;
            }
            try {
                ctx.sleep(Duration.ofNanos(left));
            } catch (ContextException ended) {
                restoreInterrupt(interrupted);
                throw ended;
            } catch (CancellationException interruptedWhileWaiting) {
                interrupted = true;                // an interrupt is not the context's end: sleep on
            }
        }
        restoreInterrupt(interrupted);
    }

    private static void restoreInterrupt(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
