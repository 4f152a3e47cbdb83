package dev.weft.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

/**
 * A TCP listener (Go's {@code net.Listener}), made by {@link Net#listen}.
 *
 * <pre>{@code
 * try (Listener ln = Net.listen(":8080")) {
 *     while (true) {
 *         Conn c = ln.accept();
 *         Weft.go(() -> serve(c));                // a goroutine per connection
 *     }
 * }
 * }</pre>
 *
 * {@link #accept()} waits as {@link Conn}'s operations do: a deadline ends it with
 * {@link DeadlineExceededException}, an interrupt or the current context's end with Weft's
 * cancellation exceptions, and the listener stays open; after {@link #close()} it throws
 * {@link NetClosedException}, and so does an {@code accept} blocked at the time.
 */
public final class Listener implements AutoCloseable {
    private final ServerSocketChannel channel;
    private final PollDesc pd;
    /** The address it listens on, kept: the channel answers nothing once closed, and Go's does. */
    private final SocketAddress local;
    /** The keep-alive of the connections it accepts: zero for the default, negative for none. */
    private final Duration keepAlive;
    /** Whether {@link #close()} has removed the socket file of a Unix domain listener; guarded by this. */
    private boolean removed;

    /** Over a bound channel, its address (read before {@code pd} registered it) and its poll descriptor. */
    Listener(ServerSocketChannel channel, SocketAddress local, PollDesc pd, Duration keepAlive) {
        this.channel = channel;
        this.local = local;
        this.pd = pd;
        this.keepAlive = keepAlive;
    }

    /**
     * Waits for the next connection and returns it. Goroutines may accept at once, as in Go: they
     * take turns, and each gets a connection of its own.
     */
    public Conn accept() throws IOException {
        pd.lock(SelectionKey.OP_ACCEPT, "accept");
        try {
            while (true) {
                long ticket = pd.checkBeforeIo(SelectionKey.OP_ACCEPT, "accept");
                SocketChannel c;
                try {
                    c = channel.accept();
                } catch (ClosedChannelException e) {
                    throw PollDesc.closedException("accept");
                }
                if (c != null) {
                    try {
                        Conn.tune(c, keepAlive);          // before registering: a failure leaves no trace
                        return new Conn(c, new PollDesc(c));
                    } catch (IOException | RuntimeException | Error e) {
                        c.close();
                        throw e;
                    }
                }
                pd.await(SelectionKey.OP_ACCEPT, "accept", ticket);
            }
        } finally {
            pd.read.holder = null;            // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_ACCEPT);
        }
    }

    /** The address it listens on, Go's form; with port 0 asked, the port the system chose. */
    public String addr() throws IOException {
        return Addresses.format(local);
    }

    /**
     * The port it listens on.
     *
     * @throws UnsupportedOperationException if it listens on a Unix domain socket, which has none
     */
    public int port() throws IOException {
        if (!(local instanceof InetSocketAddress inet)) {
            throw new UnsupportedOperationException("port: a unix listener has no port (it listens on " + addr() + ")");
        }
        return inet.getPort();
    }

    /**
     * Sets the deadline of {@link #accept()}; {@code null} clears it.
     *
     * @throws SocketException if the listener is closed
     */
    public void setDeadline(Instant deadline) throws SocketException {
        pd.setReadDeadline(deadline);
    }

    /**
     * Closes the listener; a goroutine blocked in {@link #accept()} wakes and throws. A Unix
     * domain listener's first close removes its socket file, as Go's does. Idempotent.
     */
    @Override
    public void close() throws IOException {
        try {
            pd.close();
        } finally {
            if (local instanceof UnixDomainSocketAddress unix) {
                synchronized (this) {
                    if (!removed) {
                        removed = true;
                        Files.deleteIfExists(unix.getPath());
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Listener[" + channel + "]";
    }
}
