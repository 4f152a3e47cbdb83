package dev.weft.chan;

import java.util.Objects;

/**
 * One case of a {@link Select}: a receive from, or a send to, a channel. A case on a
 * {@code null} channel never fires (Go's nil-channel case). After {@link Select} returns this
 * case's index, a receive case holds its outcome in {@link #received()}.
 *
 * <p>A case object belongs to one select call at a time; it may be reused by the next.
 *
 * @param <T> the channel's element type
 */
public final class SelectCase<T> {
    final Chan<T> chan;
    final boolean send;
    final T value;
    private Received<T> received;

    private SelectCase(Chan<T> chan, boolean send, T value) {
        this.chan = chan;
        this.send = send;
        this.value = value;
    }

    /** A case that receives from {@code ch} (or never fires, if {@code ch} is null). */
    public static <T> SelectCase<T> recv(RecvChan<T> ch) {
        return new SelectCase<>((Chan<T>) ch, false, null);
    }

    /**
     * A case that sends {@code value} to {@code ch} (or never fires, if {@code ch} is null).
     *
     * @throws NullPointerException if {@code value} is null
     */
    public static <T> SelectCase<T> send(SendChan<T> ch, T value) {
        return new SelectCase<>((Chan<T>) ch, true, Objects.requireNonNull(value, "channel values must not be null"));
    }

    /** Whether this is a send case. */
    public boolean isSend() {
        return send;
    }

    /**
     * What this receive case got when it fired: a value, or closed (Go's {@code v, ok}).
     *
     * @throws IllegalStateException if this is a send case or it has not fired
     */
    public Received<T> received() {
        if (send || received == null) {
            throw new IllegalStateException(send ? "a send case receives nothing" : "this case has not fired");
        }
        return received;
    }

    void fired(Received<T> r) {
        this.received = r;
    }

    void reset() {
        this.received = null;
    }
}
