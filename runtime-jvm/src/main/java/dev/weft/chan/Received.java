package dev.weft.chan;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The outcome of a receive that does not throw: Go's {@code v, ok := <-ch}, plus "nothing
 * ready" for non-blocking and timed receives.
 *
 * <pre>{@code
 * Received<Job> r = jobs.recvOrClosed();
 * if (r.isOk()) handle(r.value()); else System.out.println("jobs closed");
 * }</pre>
 *
 * @param <T> the channel's element type
 */
public final class Received<T> {
    private static final Received<?> NOT_READY = new Received<>(null, false, false, null);
    private static final Received<?> CLOSED = new Received<>(null, false, true, null);

    private final T value;
    private final boolean ok;
    private final boolean closed;
    private final Throwable cause;

    private Received(T value, boolean ok, boolean closed, Throwable cause) {
        this.value = value;
        this.ok = ok;
        this.closed = closed;
        this.cause = cause;
    }

    /**
     * A received value (for code that makes outcomes itself: a test double, an adapter).
     *
     * @throws NullPointerException if {@code value} is null: null is never a channel value
     */
    public static <T> Received<T> of(T value) {
        return new Received<>(Objects.requireNonNull(value, "channel values must not be null"), true, false, null);
    }

    /** The channel was closed and drained, with {@code cause} (may be null). */
    @SuppressWarnings("unchecked")
    public static <T> Received<T> closed(Throwable cause) {
        return cause == null ? (Received<T>) CLOSED : new Received<>(null, false, true, cause);
    }

    /** Nothing was ready, or the timeout passed. */
    @SuppressWarnings("unchecked")
    public static <T> Received<T> notReady() {
        return (Received<T>) NOT_READY;
    }

    /** Whether a value was received (Go's {@code ok}). */
    public boolean isOk() {
        return ok;
    }

    /** Whether the channel was closed and drained, so no value will ever come. */
    public boolean isClosed() {
        return closed;
    }

    /** Whether nothing was ready (non-blocking receive) or the timeout passed (timed receive). */
    public boolean isNotReady() {
        return !ok && !closed;
    }

    /**
     * The received value.
     *
     * @throws ChanClosedException    if the channel was closed (with its cause, if any), as
     *                                {@link RecvChan#recv()} would throw
     * @throws NoSuchElementException if nothing was ready
     */
    public T value() {
        if (!ok) {
            if (closed) {
                throw new ChanClosedException("receive from closed channel", cause);
            }
            throw new NoSuchElementException("no value was ready");
        }
        return value;
    }

    /** The received value, or {@code other} if there was none (Go's zero value, chosen by you). */
    public T valueOr(T other) {
        return ok ? value : other;
    }

    /** The cause the channel was closed with, if {@link #isClosed()} and one was given. */
    public Throwable cause() {
        return cause;
    }

    @Override
    public String toString() {
        return ok ? "Received[" + value + "]" : closed ? "Received[closed]" : "Received[not ready]";
    }
}
