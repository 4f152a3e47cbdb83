package dev.weft.context;

import java.util.concurrent.CancellationException;

/**
 * Why a context is done — {@link Context#CANCELED} or {@link Context#DEADLINE_EXCEEDED}, the
 * values {@link Context#err()} returns, as Go's {@code context.Canceled} and
 * {@code context.DeadlineExceeded} — and what an operation run under a context throws when the
 * context ends it. Such a thrown exception carries the context's {@link Context#cause()} as its
 * cause when that is more than the bare reason.
 */
public class ContextException extends CancellationException {
    private static final long serialVersionUID = 1L;
    private final boolean deadline;

    ContextException(String message, boolean deadline, Throwable cause) {
        super(message);
        this.deadline = deadline;
        if (cause != null) {
            initCause(cause);
        }
    }

    /** Whether the context ended because its deadline passed (else it was cancelled). */
    public boolean isDeadlineExceeded() {
        return deadline;
    }

    /** The reason without a stack trace: the shared values {@link Context#err()} returns. */
    static ContextException reason(String message, boolean deadline) {
        return new ContextException(message, deadline, null) {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        };
    }
}
