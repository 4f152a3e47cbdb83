package dev.weft.chan;

import java.time.Duration;

/**
 * The sending end of a channel: Go's {@code chan<- T}. A function that only sends takes this,
 * so it cannot receive from or iterate the channel.
 *
 * @param <T> the element type; {@code null} is not a value (see {@link Chan})
 */
public sealed interface SendChan<T> permits Chan {

    /**
     * Sends {@code value}, blocking (parking a goroutine) until a receiver takes it or buffer
     * space frees.
     *
     * @throws ChanClosedException  if the channel is or becomes closed: the value was not sent
     * @throws NullPointerException if {@code value} is null
     * @throws java.util.concurrent.CancellationException if the thread is interrupted while
     *                              blocked: the value was not sent; the interrupt status stays set
     */
    void send(T value);

    /**
     * Sends {@code value} if that can be done without blocking.
     *
     * @return whether it was sent
     * @throws ChanClosedException if the channel is closed
     */
    boolean trySend(T value);

    /**
     * Sends {@code value}, waiting at most {@code timeout}.
     *
     * @return whether it was sent; false means it was not, and never will be
     * @throws ChanClosedException if the channel is or becomes closed before it was sent
     * @throws java.util.concurrent.CancellationException if interrupted while blocked
     */
    boolean send(T value, Duration timeout);

    /**
     * Closes the channel: receivers drain what is buffered, then see it closed; every blocked
     * sender and receiver wakes at once.
     *
     * @throws IllegalStateException if it is already closed (Go panics)
     */
    void close();

    /** As {@link #close()}, and receivers see {@code cause} (as in kotlinx.coroutines). */
    void close(Throwable cause);

    /** Whether the channel has been closed (values may still be buffered). */
    boolean isClosed();

    /** Number of values buffered now (Go's {@code len}). */
    int len();

    /** Buffer capacity (Go's {@code cap}): 0 for rendezvous, {@code Integer.MAX_VALUE} for unbounded. */
    int cap();
}
