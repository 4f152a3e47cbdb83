package dev.weft.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A UDP endpoint (Go's {@code net.PacketConn}), made by {@link Net#listenPacket}. Reads and
 * writes wait as {@link Conn}'s do: deadlines, interrupts and contexts alike; goroutines may
 * read and write at once, reads taking turns and writes taking turns. As in Go, it may send to a
 * broadcast address ({@code SO_BROADCAST} is on).
 *
 * <pre>{@code
 * try (PacketConn pc = Net.listenPacket(":5353")) {
 *     byte[] buf = new byte[1500];
 *     Datagram d = pc.readFrom(buf, 0, buf.length);
 *     pc.writeTo(buf, 0, d.length(), d.from());         // echo it back
 * }
 * }</pre>
 */
public final class PacketConn implements AutoCloseable {
    /** Its network: the family of the addresses it sends to. */
    private final Network network;
    private final DatagramChannel channel;
    private final PollDesc pd;
    /** Its address, kept: the channel answers nothing once closed, and Go's does. */
    private final InetSocketAddress local;

    /** Over a bound channel, its address (read before {@code pd} registered it) and its poll descriptor. */
    PacketConn(Network network, DatagramChannel channel, InetSocketAddress local, PollDesc pd) {
        this.network = network;
        this.channel = channel;
        this.local = local;
        this.pd = pd;
    }

    /**
     * Waits for a datagram and stores up to {@code len} bytes of it in {@code b} at {@code off}
     * (the rest of a longer one is lost, as in Go).
     *
     * @throws IndexOutOfBoundsException if the range is not within {@code b}
     */
    public Datagram readFrom(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ByteBuffer dst = ByteBuffer.wrap(b, off, len);
        pd.lock(SelectionKey.OP_READ, "read");
        try {
            while (true) {
                long ticket = pd.checkBeforeIo(SelectionKey.OP_READ, "read");
                InetSocketAddress from;
                try {
                    from = (InetSocketAddress) channel.receive(dst);
                } catch (ClosedChannelException e) {
                    throw PollDesc.closedException("read");
                }
                if (from != null) {
                    return new Datagram(dst.position() - off, Addresses.format(from));
                }
                pd.await(SelectionKey.OP_READ, "read", ticket);
            }
        } finally {
            pd.read.holder = null;            // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_READ);
        }
    }

    /**
     * Sends {@code len} bytes of {@code b} from {@code off} as one datagram to {@code address}
     * ({@code "host:port"}), waiting for room as needed.
     *
     * @throws IllegalArgumentException      if {@code address} is malformed
     * @throws IndexOutOfBoundsException     if the range is not within {@code b}
     * @throws java.net.UnknownHostException if the host has no address of this connection's
     *                                       network's family (an IPv6 one, for {@code "udp4"})
     */
    public void writeTo(byte[] b, int off, int len, String address) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        InetSocketAddress to = resolve(address);
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        pd.lock(SelectionKey.OP_WRITE, "write");
        try {
            while (true) {
                long ticket = pd.checkBeforeIo(SelectionKey.OP_WRITE, "write");
                int n;
                try {
                    n = channel.send(src, to);
                } catch (ClosedChannelException e) {
                    throw PollDesc.closedException("write");
                }
                if (n > 0 || len == 0) {
                    return;
                }
                pd.await(SelectionKey.OP_WRITE, "write", ticket);
            }
        } finally {
            pd.write.holder = null;           // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_WRITE);
        }
    }

    /**
     * The last address {@link #writeTo} resolved, and when: datagrams sent one after another to
     * one peer parse its address, and look a name up, once, not each (a name's lookup hands off to
     * a resolver thread). A name is looked up again after {@link #RESOLVED_NANOS}, the JDK's own
     * time to keep an answer.
     */
    private record Resolved(String address, InetSocketAddress to, long at) {}

    private static final long RESOLVED_NANOS = TimeUnit.SECONDS.toNanos(30);
    private volatile Resolved lastResolved;

    private InetSocketAddress resolve(String address) throws IOException {
        Resolved r = lastResolved;
        long now = System.nanoTime();
        if (r != null && r.address.equals(address) && now - r.at < RESOLVED_NANOS) {
            return r.to;
        }
        InetSocketAddress to = (InetSocketAddress) Addresses.parse(network, address, false);
        lastResolved = new Resolved(address, to, now);
        return to;
    }

    /**
     * Sets both deadlines; {@code null} clears them.
     *
     * @throws SocketException if it is closed
     */
    public void setDeadline(Instant deadline) throws SocketException {
        pd.setReadDeadline(deadline);
        pd.setWriteDeadline(deadline);
    }

    /**
     * Sets the read deadline; {@code null} clears it.
     *
     * @throws SocketException if it is closed
     */
    public void setReadDeadline(Instant deadline) throws SocketException {
        pd.setReadDeadline(deadline);
    }

    /**
     * Sets the write deadline; {@code null} clears it.
     *
     * @throws SocketException if it is closed
     */
    public void setWriteDeadline(Instant deadline) throws SocketException {
        pd.setWriteDeadline(deadline);
    }

    /** Sets the size of the system's receive buffer, in bytes (Go's {@code SetReadBuffer}). */
    public void setReadBuffer(int bytes) throws IOException {
        SocketOptions.set(channel, StandardSocketOptions.SO_RCVBUF, SocketOptions.bufferSize(bytes, "setReadBuffer"),
                "set read buffer");
    }

    /** Sets the size of the system's send buffer, in bytes (Go's {@code SetWriteBuffer}). */
    public void setWriteBuffer(int bytes) throws IOException {
        SocketOptions.set(channel, StandardSocketOptions.SO_SNDBUF, SocketOptions.bufferSize(bytes, "setWriteBuffer"),
                "set write buffer");
    }

    /** The local address, Go's form. */
    public String localAddr() throws IOException {
        return Addresses.format(local);
    }

    /** Closes it; a goroutine blocked in it wakes and throws. Idempotent. */
    @Override
    public void close() throws IOException {
        pd.close();
    }
}
