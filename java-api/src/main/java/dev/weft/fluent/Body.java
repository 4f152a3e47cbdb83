package dev.weft.fluent;

/**
 * A goroutine's body that may throw checked exceptions: what {@link Go#go(Body)},
 * {@link GoroutineSpec#start(Body)} and {@link TickerSpec#run(Body)} accept, so that a body
 * calling I/O need not wrap {@code IOException}.
 *
 * <p>Whatever a body throws, checked or not, reaches the uncaught-exception handler that
 * applies to the goroutine (its spec's, else its scheduler's) unchanged, as in Go a panic ends
 * the goroutine. To hand a result or an error back to the starter, send it on a channel.
 */
@FunctionalInterface
public interface Body {
    /** Runs the body. */
    void run() throws Exception;

    /** This body as a {@link Runnable} that rethrows its exceptions, checked ones unchanged. */
    default Runnable asRunnable() {
        return () -> {
            try {
                run();
            } catch (Exception e) {
                throw Body.<RuntimeException>rethrow(e);
            }
        };
    }

    /**
     * Throws {@code t} as it is, checked or not. The compiler takes {@code E} for an unchecked
     * type, the JVM does not check: the exception reaches the handler unwrapped.
     */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
