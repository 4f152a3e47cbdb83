package dev.weft.sched;

/**
 * A goroutine's body that may throw checked exceptions, so that a body calling I/O need not
 * wrap {@code IOException}: what {@link dev.weft.scope.Scope#go}, the Java face's
 * {@code Go.go} and {@code GoroutineSpec.start} accept.
 *
 * <p>Whatever a plain goroutine's body throws, checked or not, reaches the uncaught-exception
 * handler that applies to it unchanged, as in Go a panic ends the goroutine; in a
 * {@link dev.weft.scope.Scope} it fails the scope instead. To hand a result or an error back
 * to the starter, send it on a channel or use a {@link dev.weft.future.Deferred}.
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
