package dev.weft.future;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * How a {@link Deferred} settled: with a value or with a failure. What
 * {@link Deferred#poll()} and {@link Deferred#allSettled} report.
 *
 * @param <T> the value's type
 */
public sealed interface Outcome<T> {
    /** A value (which may be null). */
    record Success<T>(T value) implements Outcome<T> {}

    /** A failure, and its cause. */
    record Failure<T>(Throwable cause) implements Outcome<T> {
        /** @throws NullPointerException if {@code cause} is null */
        public Failure {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** An outcome with {@code value}. */
    static <T> Outcome<T> success(T value) {
        return new Success<>(value);
    }

    /** An outcome failed with {@code cause}. */
    static <T> Outcome<T> failure(Throwable cause) {
        return new Failure<>(cause);
    }

    /** Whether this is a {@link Success}. */
    default boolean isSuccess() {
        return this instanceof Success;
    }

    /**
     * The value of a success.
     *
     * @throws CancellationException if this failed with one (unchanged)
     * @throws CompletionException   wrapping the cause of any other failure, as
     *                               {@link java.util.concurrent.CompletableFuture#join()} does
     */
    default T getOrThrow() {
        if (this instanceof Success<T> s) {
            return s.value();
        }
        Throwable cause = ((Failure<T>) this).cause();
        if (cause instanceof CancellationException c) {
            throw c;
        }
        throw new CompletionException(cause);
    }
}
