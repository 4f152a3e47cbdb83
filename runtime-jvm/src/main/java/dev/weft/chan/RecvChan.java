package dev.weft.chan;

import java.time.Duration;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving end of a channel: Go's {@code <-chan T}. Iterating it receives until the
 * channel is closed and drained ({@code for (T v : ch)}, Go's {@code for v := range ch}).
 *
 * @param <T> the element type
 */
public sealed interface RecvChan<T> extends Iterable<T> permits Chan {

    /**
     * Receives a value, blocking until one is available.
     *
     * @throws ChanClosedException if the channel is closed and drained (its cause, if any, is
     *                             the exception's cause); Go would return the zero value
     * @throws java.util.concurrent.CancellationException if interrupted while blocked
     */
    T recv();

    /**
     * Receives a value or learns that the channel is closed: Go's {@code v, ok := <-ch}.
     * Never {@link Received#isNotReady()}.
     *
     * @throws java.util.concurrent.CancellationException if interrupted while blocked
     */
    Received<T> recvOrClosed();

    /** Receives without blocking: a value, closed, or not ready. */
    Received<T> tryRecv();

    /**
     * Receives without blocking any thread: the future completes with the value when one comes,
     * or exceptionally with {@link ChanClosedException} once the channel is closed and drained.
     * It takes its place among the channel's waiting receivers, as a blocked {@link #recv()}
     * would, in the same order.
     *
     * <p>Completing the future from outside ({@code cancel}, {@code complete}, {@code orTimeout})
     * abandons the receive, and succeeds, only if no value has been handed to it yet; once one
     * has, the future completes with that value, so a value taken from the channel is never
     * lost. Actions added without an executor run on the thread that completes the future: the
     * sender's, or the one that closes the channel; when that is one of
     * Weft's own threads (the timer thread, a scheduler's carrier), on a new virtual thread.
     *
     * <pre>{@code
     * jobs.recvAsync().thenAccept(job -> handle(job));
     * }</pre>
     */
    CompletableFuture<T> recvAsync();

    /**
     * As {@link #recvAsync()}, but a closed, drained channel completes the future normally, with
     * a closed {@link Received} (Go's {@code v, ok := <-ch}).
     */
    CompletableFuture<Received<T>> recvOrClosedAsync();

    /**
     * Receives, waiting at most {@code timeout}: a value, closed, or not ready (timed out).
     *
     * @throws java.util.concurrent.CancellationException if interrupted while blocked
     */
    Received<T> recv(Duration timeout);

    /** Whether the channel has been closed (values may still be buffered). */
    boolean isClosed();

    /** Whether the channel is closed and drained: no value will ever be received (kotlinx's {@code isClosedForReceive}). */
    boolean isClosedForReceive();

    /**
     * Cancels the channel, for a consumer that stops consuming (kotlinx's {@code cancel}, jox's
     * {@code error}): closes it, if it is open, with a {@link java.util.concurrent.CancellationException}
     * as cause, and discards what is buffered, handing each value to the channel's
     * undelivered-element handler. Idempotent; never throws for a closed channel.
     */
    void cancel();

    /** As {@link #cancel()}, closing with {@code cause} if the channel is open. */
    void cancel(Throwable cause);

    /** Number of values buffered now (Go's {@code len}). */
    int len();

    /** Buffer capacity (Go's {@code cap}). */
    int cap();

    /**
     * The values received until the channel is closed and drained, as a sequential, ordered
     * stream; each element is received when the stream pulls it. If the channel was closed
     * with a cause, the stream's terminal operation throws {@link ChanClosedException}.
     */
    default Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
