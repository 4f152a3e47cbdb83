package dev.weft.future;

import java.util.List;

/**
 * Every input of {@link Deferred#any} failed: this carries each cause, in input order, as
 * {@link #causes()} and as suppressed exceptions (JavaScript's {@code AggregateError}).
 */
public final class AggregateException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Throwable> causes;

    AggregateException(String message, List<Throwable> causes) {
        super(message);
        this.causes = List.copyOf(causes);
        for (Throwable c : this.causes) {
            addSuppressed(c);
        }
    }

    /** The causes, in the order of the inputs that failed with them. */
    public List<Throwable> causes() {
        return causes;
    }
}
