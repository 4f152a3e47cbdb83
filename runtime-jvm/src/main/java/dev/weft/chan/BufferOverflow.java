package dev.weft.chan;

/**
 * What a send does when a buffered channel's buffer is full (kotlinx.coroutines'
 * {@code BufferOverflow}). Only a channel with a buffer can drop: a rendezvous channel always
 * waits.
 */
public enum BufferOverflow {
    /** The send waits for room (Go's only behaviour, and the default). */
    BLOCK,
    /**
     * The send completes at once: the oldest buffered value is dropped to make room, and handed
     * to the channel's undelivered-element handler. A buffer of one that drops the oldest is a
     * conflated channel ({@link Chan#conflated()}): receivers see the latest value.
     */
    DROP_OLDEST,
    /**
     * The send completes at once: the value being sent is dropped, and handed to the channel's
     * undelivered-element handler; the buffer keeps the oldest values.
     */
    DROP_LATEST
}
