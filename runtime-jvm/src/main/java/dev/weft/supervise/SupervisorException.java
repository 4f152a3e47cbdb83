package dev.weft.supervise;

/**
 * A supervisor gave up: its children failed more often than its restart intensity allows.
 * The cause is the failure of the child whose restart was one too many.
 */
public final class SupervisorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SupervisorException(String message, Throwable cause) {
        super(message, cause);
    }
}
