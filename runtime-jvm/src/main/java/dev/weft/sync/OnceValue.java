package dev.weft.sync;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Go's {@code sync.OnceValue}: a value computed once, on first use, by whichever goroutine asks
 * first; the others wait for it.
 *
 * <pre>{@code
 * private final OnceValue<Config> config = new OnceValue<>(Config::load);
 * Config c = config.get();
 * }</pre>
 *
 * If the computation throws, every call — the first and all later ones — throws that same
 * exception (Go: the returned function panics with the same value each time).
 *
 * @param <T> the value's type
 */
public final class OnceValue<T> {
    private final OnceLatch latch = new OnceLatch();
    private final Supplier<? extends T> compute;
    private T value;              // written by the runner before latch.finish(), read after isDone()
    private RuntimeException failure;
    private Error error;

    /** A value that {@code compute} will produce on the first {@link #get()}. */
    public OnceValue(Supplier<? extends T> compute) {
        this.compute = Objects.requireNonNull(compute, "compute");
    }

    /**
     * The value, computing it if this is the first call, or waiting for the call that is.
     *
     * @throws RuntimeException the computation's exception, on every call
     */
    public T get() {
        if (!latch.isDone()) {
            if (latch.tryStart()) {
                try {
                    value = compute.get();
                } catch (RuntimeException e) {
                    failure = e;
                } catch (Error e) {
                    error = e;
                } finally {
                    latch.finish();
                }
            } else {
                latch.awaitDone();
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (error != null) {
            throw error;
        }
        return value;
    }

    /** Whether the value has been computed (or its computation failed). */
    public boolean isDone() {
        return latch.isDone();
    }
}
