package dev.weft;

import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;

/**
 * The shortest way in: Go's {@code go} statement and friends as static methods.
 *
 * <pre>{@code
 * import static dev.weft.Weft.go;
 *
 * Goroutine g = go(() -> System.out.println("hello from " + Goroutine.current().name()));
 * g.join();
 * }</pre>
 *
 * <p>A goroutine started here runs on the scheduler of the goroutine that starts it, or on
 * {@link Scheduler#defaultScheduler()} when started from a platform thread.
 */
public final class Weft {
    private Weft() {}

    /**
     * Starts a goroutine running {@code body}; see the class comment for which scheduler. The
     * body may throw checked exceptions; what it throws goes to the uncaught-exception handler
     * (see {@link Body}).
     */
    public static Goroutine go(Body body) {
        return scheduler().go(body);
    }

    /** Starts a goroutine named {@code name} running {@code body}. */
    public static Goroutine go(String name, Body body) {
        return scheduler().go(name, body);
    }

    /**
     * Starts a goroutine named {@code name} on {@code home}, or on the default scheduler if
     * {@code home} is {@code null} or no longer starts goroutines (it was shut down). This is
     * where Weft runs a function it was asked to run later (a {@link dev.weft.time.Time#afterFunc
     * timer's}, a {@link dev.weft.context.Context#afterFunc context's}): on the scheduler of the
     * goroutine that asked, which is {@code home}.
     */
    public static Goroutine go(Scheduler home, String name, Body body) {
        if (home != null && !home.isShutdown()) {
            try {
                return home.go(name, body);
            } catch (IllegalStateException shutDownMeanwhile) {
                // fall through to the default scheduler
            }
        }
        return Scheduler.defaultScheduler().go(name, body);
    }

    /** The scheduler {@link #go} uses from the calling thread. */
    public static Scheduler scheduler() {
        Goroutine current = Goroutine.current();
        return current != null ? current.scheduler() : Scheduler.defaultScheduler();
    }
}
