package dev.weft.internal;

/**
 * Where Weft's waits report to trace hooks: a static hook that the scheduler installs when the
 * first scheduler with a tracer is built, so that until then each call site costs one read of a
 * static field. A hook that throws is ignored: tracing never changes an operation's outcome.
 * Public only so that Weft's packages can share it; not part of Weft's API.
 */
public final class Trace {
    /** The scheduler's side: finds the current goroutine's tracer, if any, and tells it. */
    public interface Hook {
        void block(Object blocker, String operation);

        void resumed();

        void unblocked(Thread waiter);
    }

    private static volatile Hook hook;

    private Trace() {}

    public static void install(Hook h) {
        hook = h;
    }

    /** The calling thread is about to park on {@code blocker} for {@code operation}. */
    public static void block(Object blocker, String operation) {
        Hook h = hook;
        if (h != null) {
            try {
                h.block(blocker, operation);
            } catch (Throwable hookFailed) {
                // a hook must not change the outcome of the operation it watches
            }
        }
    }

    /** The calling thread is back from its wait. */
    public static void resumed() {
        Hook h = hook;
        if (h != null) {
            try {
                h.resumed();
            } catch (Throwable hookFailed) {
                // a hook must not change the outcome of the operation it watches
            }
        }
    }

    /** The calling thread completed {@code waiter}'s wait and is about to wake it. */
    public static void unblocked(Thread waiter) {
        Hook h = hook;
        if (h != null) {
            try {
                h.unblocked(waiter);
            } catch (Throwable hookFailed) {
                // a hook must not change the outcome of the operation it watches
            }
        }
    }
}
