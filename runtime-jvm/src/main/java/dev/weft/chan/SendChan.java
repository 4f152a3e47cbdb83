package dev.weft.chan;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The sending end of a channel: Go's {@code chan<- T}. A function that only sends takes this,
 * so it cannot receive from or iterate the channel.
 *
 * @param <T> the element type; {@code null} is not a value (see {@link Chan})
 */
public sealed interface SendChan<T> permits Chan {

    /**
     * Sends {@code value}, blocking (parking a goroutine) until a receiver takes it or buffer
     * space frees. A send that ends with an exception hands {@code value} to the channel's
     * undelivered-element handler, if it has one (see {@link Chan.Builder#onUndeliveredElement}).
     *
     * @throws ChanClosedException  if the channel is or becomes closed: the value was not sent
     * @throws NullPointerException if {@code value} is null
     * @throws java.util.concurrent.CancellationException if the wait is cancelled (see the
     *                              {@link dev.weft} package): the value was not sent
     */
    void send(T value);

    /**
     * As {@link #send}, but a closed channel is an outcome, not an exception: for code that
     * races with a close by design (jox's {@code sendOrClosed}). The caller keeps the value
     * unless it was sent.
     *
     * @return {@link Sent#SENT}, or {@link Sent#CLOSED} if the channel is or becomes closed
     */
    Sent sendOrClosed(T value);

    /**
     * As {@link #trySend}, but a closed channel is an outcome, not an exception (kotlinx's
     * {@code trySend} result). The caller keeps the value unless it was sent.
     *
     * @return {@link Sent#SENT}, {@link Sent#NOT_READY} or {@link Sent#CLOSED}
     */
    Sent trySendOrClosed(T value);

    /**
     * Sends {@code value} if that can be done without blocking.
     *
     * @return whether it was sent
     * @throws ChanClosedException if the channel is closed
     */
    boolean trySend(T value);

    /**
     * Sends without blocking any thread: the future completes when a receiver or the buffer has
     * taken {@code value}, or exceptionally with {@link ChanClosedException} if the channel is or
     * becomes closed first (the value then goes to the channel's undelivered-element handler).
     * It takes its place among the channel's waiting senders, as a blocked {@link #send} would.
     *
     * <p>Completing the future from outside ({@code cancel}, {@code complete}, {@code orTimeout})
     * abandons the send, and succeeds, only if the value has not been taken yet; the value then
     * goes to the undelivered-element handler, as a cancelled {@link #send}'s does. Actions added
     * without an executor run on the thread that completes the future: the receiver's, or the
     * one that closes the channel; when that is one of
     * Weft's own threads (the timer thread, a scheduler's carrier), on a new virtual thread.
     *
     * @throws NullPointerException if {@code value} is null
     */
    CompletableFuture<Void> sendAsync(T value);

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

    /**
     * Registers {@code handler} to run once when the channel closes (by {@code close}, by
     * {@code cancel}, or a oneshot's send), with the close's cause (null for a plain close), in
     * the thread that closes it; at once, in the caller, if it is already closed.
     * kotlinx's {@code invokeOnClose}.
     *
     * @throws IllegalStateException if a handler is already registered
     */
    void invokeOnClose(java.util.function.Consumer<? super Throwable> handler);

    /** Whether the channel has been closed (values may still be buffered): kotlinx's {@code isClosedForSend}. */
    boolean isClosed();

    /** Number of values buffered now (Go's {@code len}). */
    int len();

    /** Buffer capacity (Go's {@code cap}): 0 for rendezvous, {@code Integer.MAX_VALUE} for unbounded. */
    int cap();
}
