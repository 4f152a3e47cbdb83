package dev.weft.chan;

/**
 * An operation met a closed channel: a send on a closed channel (Go panics), or a
 * {@link RecvChan#recv()} on a channel that is closed and drained. If the channel was closed
 * with {@link Chan#close(Throwable)}, that cause is this exception's {@linkplain #getCause()
 * cause}.
 */
public class ChanClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was attempted
     * @param cause   the cause the channel was closed with, or {@code null}
     */
    public ChanClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
