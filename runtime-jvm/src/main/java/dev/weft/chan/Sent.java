package dev.weft.chan;

/**
 * The outcome of a send that does not throw when the channel is closed
 * ({@link SendChan#sendOrClosed}, {@link SendChan#trySendOrClosed}): for code that races with a
 * close by design, as jox's {@code sendOrClosed} and kotlinx's {@code trySend} results serve.
 * The caller keeps the value unless it was {@link #SENT}.
 */
public enum Sent {
    /** The value was sent: a receiver took it, or it is buffered. */
    SENT,
    /** Nothing was ready: no receiver waiting and no room (a non-blocking send only). */
    NOT_READY,
    /** The channel is closed: the value was not sent. */
    CLOSED
}
