package dev.weft.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer facility behind {@code dev.weft.time} (timers, tickers, {@code after}) and context
 * deadlines. Public only so that Weft's packages can share it; not part of Weft's API.
 *
 * <h2>Implementation overview</h2>
 * One {@link ScheduledThreadPoolExecutor} with a single daemon thread: a binary heap of
 * deadlines ordered by {@link System#nanoTime()}, driven by one thread that parks until the
 * earliest (DESIGN §4, with the JDK's well-kept heap instead of a hand-written one). Scheduling
 * and cancelling are O(log n); {@code removeOnCancelPolicy} takes a stopped timer out of the
 * heap at once, so it holds no memory. Timer actions only send on a channel, close one or start
 * a goroutine; they never block, so one thread serves every timer. One facility serves the
 * whole JVM rather than one per scheduler: firing a timer only readies goroutines, which go to
 * whichever scheduler runs them, so a second timer thread would buy nothing.
 */
public final class TimerQueue {
    private static final ScheduledThreadPoolExecutor EXECUTOR;

    static {
        EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weft-timer");
            t.setDaemon(true);
            return t;
        });
        EXECUTOR.setRemoveOnCancelPolicy(true);
        EXECUTOR.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    private TimerQueue() {}

    /** Runs {@code action} on the timer thread after {@code delayNanos}; it must not block. */
    public static ScheduledFuture<?> schedule(Runnable action, long delayNanos) {
        return EXECUTOR.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code action} on the timer thread every {@code periodNanos}; it must not block. */
    public static ScheduledFuture<?> scheduleAtFixedRate(Runnable action, long periodNanos) {
        return EXECUTOR.scheduleAtFixedRate(action, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Timers pending now; for tests and monitoring. */
    public static int pending() {
        return EXECUTOR.getQueue().size();
    }
}
