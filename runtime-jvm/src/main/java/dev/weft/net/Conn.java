package dev.weft.net;

import dev.weft.internal.Carrier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;

/**
 * A connection (Go's {@code net.Conn}): TCP, a Unix domain stream socket, or connected UDP, made
 * by {@link Net#dial} or {@link Listener#accept}.
 * Reads and writes park the calling goroutine (or block the calling thread) until the socket is
 * ready, through Weft's netpoller. As in Go, a TCP connection has Nagle's algorithm off
 * ({@code TCP_NODELAY}: a small write goes out at once) and keep-alive on, probing an idle peer
 * every 15 seconds, so that a peer that vanished without a word is found.
 *
 * <pre>{@code
 * try (Conn c = Net.dial("example.com:80")) {
 *     c.setDeadline(Instant.now().plusSeconds(5));      // both directions, absolute
 *     c.write("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
 *     byte[] buf = new byte[4096];
 *     for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) out.write(buf, 0, n);
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Deadlines</b> are Go's: absolute instants, per direction. Once a direction's deadline
 *       has passed, its operations throw {@link DeadlineExceededException} (a
 *       {@link java.net.SocketTimeoutException}) at once, and one blocked in it wakes and throws;
 *       the connection stays open. Setting a later deadline, or none ({@code null}), from any
 *       goroutine — even while an operation is blocked — lets I/O go on.</li>
 *   <li><b>Cancellation</b> follows Weft's rule for blocking operations (the {@link dev.weft}
 *       package): an interrupt ends a blocked operation with a
 *       {@link java.util.concurrent.CancellationException}, the end of the current context with
 *       its {@code ContextException}; the connection stays open (an interrupt does not close
 *       it, as it would close a blocking {@code java.nio} channel).</li>
 *   <li>As in Go, goroutines may call its methods at once: reads take turns, and so do writes
 *       (Go's {@code fdMutex}); a write's bytes are never interleaved with another write's,
 *       however often it waits for room. A goroutine waiting for its turn ends as one waiting
 *       for the socket does: by the deadline, the close, an interrupt or its context.</li>
 *   <li>It is a {@link ByteChannel}: {@code Channels.newInputStream(conn)},
 *       {@code fileChannel.transferTo(pos, n, conn)} and the like work on it, each read waiting
 *       for a byte at least and each write writing all, as a blocking channel does; to send a
 *       file, {@link #readFrom} lets the kernel do it.</li>
 *   <li>After {@link #close()} every read and write throws {@link NetClosedException} ("use of
 *       closed network connection", Go's {@code net.ErrClosed}), and so does one blocked at the
 *       time.</li>
 *   <li><b>UDP</b> ({@code Net.dial("udp", address)}), as Go's {@code UDPConn}: each read takes
 *       one datagram from the peer (what does not fit the buffer is lost; an empty one reads as
 *       0 bytes, never as the end of the stream, which UDP has not), each write sends one
 *       datagram, a gathering write one made of all its buffers; unlike Go's, a write of
 *       nothing sends nothing (the JDK sends no empty datagram on a connected socket). A
 *       datagram the peer's host refused (no socket on its port) fails a later read or write
 *       with a {@link java.net.PortUnreachableException}. There are no half-closes and no TCP options
 *       ({@code UnsupportedOperationException}); {@link #readFrom} sends datagrams of 32 KB, as
 *       Go's {@code io.Copy} to a {@code UDPConn} does.</li>
 * </ul>
 */
public final class Conn implements ByteChannel, GatheringByteChannel {
    /**
     * A {@link SocketChannel}, or for UDP a connected {@link DatagramChannel}: either is also a
     * {@link GatheringByteChannel} and a {@link NetworkChannel}.
     */
    private final ByteChannel channel;
    private final PollDesc pd;

    /** Go's keep-alive period for the connections its dialer and listener make. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** The longest keep-alive period the kernels take (Linux's {@code MAX_TCP_KEEPIDLE}), in seconds. */
    private static final long MAX_KEEP_ALIVE_SECONDS = 32_767;

    /** Over a connected channel, already registered with the netpoller by {@code pd}. */
    Conn(ByteChannel channel, PollDesc pd) {
        this.channel = channel;
        this.pd = pd;
    }

    /**
     * Turns Nagle's algorithm off and keep-alive on, as Go does for every TCP connection it
     * dials or accepts: every {@code keepAlive} (a {@link Dialer}'s or {@link ListenConfig}'s),
     * every 15 seconds for zero, off for a negative period. A Unix domain socket is left as it is.
     */
    static void tune(SocketChannel channel, Duration keepAlive) throws IOException {
        Set<SocketOption<?>> options = channel.supportedOptions();
        if (options.contains(StandardSocketOptions.TCP_NODELAY)) {      // TCP, not a Unix domain socket
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, !keepAlive.isNegative());
            if (!keepAlive.isNegative() && options.contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                setKeepAlivePeriod(channel, keepAlive.isZero() ? KEEP_ALIVE : keepAlive);
            }
        }
    }

    /**
     * Reads up to {@code len} bytes into {@code b} at {@code off}, waiting until at least one is
     * available.
     *
     * @return how many were read, or -1 at the end of the stream (the peer closed its side)
     * @throws IndexOutOfBoundsException if the range is not within {@code b}
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        pd.lock(SelectionKey.OP_READ, "read");
        try {
            return readInto(null, b, off, len);
        } finally {
            pd.read.holder = null;            // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_READ);
        }
    }

    /**
     * Reads one byte through {@code one}, a stream's own one-byte array, within one read turn,
     * so that goroutines sharing the stream cannot see each other's byte.
     */
    private int readByte(byte[] one) throws IOException {
        pd.lock(SelectionKey.OP_READ, "read");
        try {
            return readInto(null, one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        } finally {
            pd.read.holder = null;            // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_READ);
        }
    }

    /**
     * Reads into {@code dst}, waiting until at least one byte is available.
     *
     * @return how many bytes were read, or -1 at the end of the stream
     * @throws IllegalArgumentException if {@code dst} is read-only
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read: the buffer is read-only");
        }
        pd.lock(SelectionKey.OP_READ, "read");
        try {
            return readInto(dst, null, 0, 0);
        } finally {
            pd.read.holder = null;            // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_READ);
        }
    }

    /*
     * Reading ahead. A read that fills the caller's buffer says nothing of what is left in the
     * socket, so the next read would have to try read(2) again, and when the peer sends messages
     * of the buffer's size, that attempt finds nothing once per message. So a read of up to
     * READ_AHEAD bytes asks the kernel for one byte more: if that byte comes, it is kept in
     * `ahead` and is the first byte of the next read; if it does not, the read came back short
     * and the socket is drained (PollDesc's overview), so the next read waits for the poller at
     * once. The byte kept is delivered before anything else, even at the end of the stream or
     * before a failure of the socket (which the next read throws), and only after the checks
     * every read makes (closed, deadline), as data in the kernel would be.
     * Reads take turns (PollDesc's lock), which keeps `ahead` and the stream in order.
     */

    /** The largest read that reads ahead. */
    private static final int READ_AHEAD = 1024;

    /** The byte read ahead of the last read (0 to 255), or -1; the read turn's holder's. */
    private int ahead = -1;
    /** What the socket threw at a read that had already given a byte read ahead; the next read throws it. */
    private IOException failed;

    /** Reads into {@code dst}, or, when it is null, into {@code b} from {@code off} for {@code len} bytes. */
    private int readInto(ByteBuffer dst, byte[] b, int off, int len) throws IOException {
        if (channel instanceof DatagramChannel datagrams) {
            return readDatagram(datagrams, dst != null ? dst : ByteBuffer.wrap(b, off, len));
        }
        while (true) {
            long ticket = pd.checkBeforeIo(SelectionKey.OP_READ, "read");
            if (failed != null) {
                IOException e = failed;
                failed = null;
                throw e;
            }
            int asked = dst != null ? dst.remaining() : len;
            if (asked == 0) {
                return 0;
            }
            int got = 0;
            if (ahead >= 0) {
                if (dst != null) {
                    dst.put((byte) ahead);
                } else {
                    b[off] = (byte) ahead;
                }
                ahead = -1;
                got = 1;
                if (--asked == 0) {
                    return got;
                }
            } else if (pd.drainedAt(ticket)) {
                pd.await(SelectionKey.OP_READ, "read", ticket);   // nothing came since a read drained it
                continue;
            }
            int room = asked <= READ_AHEAD ? asked + 1 : asked;
            int n;
            try {
                n = room > asked ? readAhead(dst, b, off + got, room)
                        : channelRead(dst != null ? dst : ByteBuffer.wrap(b, off + got, asked));
            } catch (IOException e) {
                if (got == 0) {
                    throw e;
                }
                failed = e;                  // the byte read ahead came before the failure
                return got;
            }
            if (n > 0) {
                if (n < room) {
                    pd.drained(ticket);
                }
                return got + Math.min(n, asked);
            }
            if (got > 0) {
                return got;                  // the byte read ahead; an end of stream comes next time
            }
            if (n < 0) {
                return -1;
            }
            pd.await(SelectionKey.OP_READ, "read", ticket);
        }
    }

    /**
     * A read of a UDP connection: one datagram, what does not fit {@code dst} lost, as in Go. It
     * does not read ahead (a byte kept would be read as the start of the next datagram), and
     * receives rather than reads: a read of an empty datagram and one that finds none both
     * return 0, a receive tells them apart.
     */
    private int readDatagram(DatagramChannel datagrams, ByteBuffer dst) throws IOException {
        int start = dst.position();
        while (true) {
            long ticket = pd.checkBeforeIo(SelectionKey.OP_READ, "read");
            if (!dst.hasRemaining()) {
                return 0;
            }
            SocketAddress from;
            try {
                from = datagrams.receive(dst);
            } catch (ClosedChannelException e) {
                throw PollDesc.closedException("read");
            }
            if (from != null) {
                return dst.position() - start;
            }
            pd.await(SelectionKey.OP_READ, "read", ticket);
        }
    }

    /**
     * Reads up to {@code room} bytes from the socket: all but the last into {@code dst} (or
     * {@code b} from {@code off} when {@code dst} is null), the last (when all came) into
     * {@link #ahead}. Returns how many the socket gave, or -1. It reads through the carrier's
     * scratch buffer when it can borrow it ({@link Carrier#SCRATCH_BYTES} is more than
     * {@link #READ_AHEAD}): a direct buffer, which the JDK reads into without a copy of its own,
     * and no garbage per read.
     */
    private int readAhead(ByteBuffer dst, byte[] b, int off, int room) throws IOException {
        Carrier carrier = Carrier.current();
        ByteBuffer scratch = carrier != null ? carrier.takeScratch() : null;
        try {
            ByteBuffer buf = scratch != null ? scratch.clear().limit(room) : ByteBuffer.allocate(room);
            int n = channelRead(buf);
            if (n > 0) {
                int kept = Math.min(n, room - 1);
                if (n == room) {
                    ahead = buf.get(room - 1) & 0xff;
                }
                if (dst != null) {
                    dst.put(buf.position(0).limit(kept));
                } else {
                    buf.get(0, b, off, kept);
                }
            }
            return n;
        } finally {
            if (scratch != null) {
                carrier.returnScratch(scratch);
            }
        }
    }

    private int channelRead(ByteBuffer dst) throws IOException {
        try {
            return channel.read(dst);
        } catch (ClosedChannelException e) {
            throw PollDesc.closedException("read");
        }
    }

    /**
     * What a write that failed with {@code e} throws: the close's {@link NetClosedException}; the
     * broken pipe, after {@link #closeWrite()} (the JDK's own refusal, or the kernel's EPIPE when
     * a write retried after the shutdown came before the JDK marked the channel shut); else {@code e}.
     */
    private IOException writeFailed(IOException e) {
        if (e instanceof ClosedChannelException) {
            return pd.isClosed() ? PollDesc.closedException("write") : brokenPipe(e);
        }
        return pd.isWriteShut() ? brokenPipe(e) : e;
    }

    private static SocketException brokenPipe(IOException cause) {
        SocketException e = new SocketException("write: broken pipe (the writing side is shut down)");
        e.initCause(cause);
        return e;
    }

    /**
     * Writes all {@code len} bytes of {@code b} from {@code off}, waiting for room as needed.
     * If it throws, part may have been written: a {@link DeadlineExceededException} says how
     * much in {@code bytesTransferred}.
     *
     * @throws IndexOutOfBoundsException if the range is not within {@code b}
     */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        pd.lock(SelectionKey.OP_WRITE, "write");
        try {
            writeTurn(b, off, len);
        } finally {
            pd.write.holder = null;           // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_WRITE);
        }
    }

    /** Writes {@code b} through {@code one}, a stream's own one-byte array, within one write turn. */
    private void writeByte(byte[] one, int b) throws IOException {
        pd.lock(SelectionKey.OP_WRITE, "write");
        try {
            one[0] = (byte) b;
            writeTurn(one, 0, 1);
        } finally {
            pd.write.holder = null;           // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_WRITE);
        }
    }

    /** {@link #write(byte[], int, int)} within the write turn. */
    private void writeTurn(byte[] b, int off, int len) throws IOException {
        if (len <= Carrier.SCRATCH_BYTES) {
            // Through the carrier's direct buffer when it can borrow it: the copy the JDK would
            // make into a buffer of its own, without the wrapper's garbage.
            Carrier carrier = Carrier.current();
            ByteBuffer scratch = carrier != null ? carrier.takeScratch() : null;
            if (scratch != null) {
                try {
                    writeAll(scratch.clear().put(b, off, len).flip());
                } finally {
                    carrier.returnScratch(scratch);
                }
                return;
            }
        }
        writeAll(ByteBuffer.wrap(b, off, len));
    }

    /** Writes all of {@code b}. */
    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /**
     * Writes all that remains of {@code src}, waiting for room as needed. If it throws, the
     * buffer's position says how much was written. Writes take turns: no other write's bytes
     * come between this one's.
     *
     * @return how many bytes were written: all that remained
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        pd.lock(SelectionKey.OP_WRITE, "write");
        try {
            int start = src.position();
            writeAll(src);
            return src.position() - start;
        } finally {
            pd.write.holder = null;           // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_WRITE);
        }
    }

    /**
     * Writes all that remains of {@code srcs[offset]} to {@code srcs[offset + length - 1]}, in
     * order, as one write (Go's {@code net.Buffers}): the kernel gathers them ({@code writev(2)}),
     * so a header and a body go out without being copied together first, and no other write
     * comes between them. If it throws, the buffers' positions say how much was written.
     *
     * @return how many bytes were written: all that remained
     * @throws IndexOutOfBoundsException if the range is not within {@code srcs}
     */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        long left = 0;
        for (int i = offset; i < offset + length; i++) {
            left += srcs[i].remaining();     // a null buffer throws here, before anything is written
        }
        long total = left;
        pd.lock(SelectionKey.OP_WRITE, "write");
        try {
            if (left == 0) {
                pd.checkBeforeIo(SelectionKey.OP_WRITE, "write");
            }
            while (left > 0) {
                try {
                    long ticket = pd.checkBeforeIo(SelectionKey.OP_WRITE, "write");
                    long n;
                    try {
                        n = ((GatheringByteChannel) channel).write(srcs, offset, length);
                    } catch (IOException e) {
                        throw writeFailed(e);
                    }
                    left -= n;
                    if (n == 0) {
                        pd.await(SelectionKey.OP_WRITE, "write", ticket);
                    }
                } catch (DeadlineExceededException e) {
                    e.bytesTransferred = (int) Math.min(Integer.MAX_VALUE, total - left);
                    throw e;
                }
            }
            return total;
        } finally {
            pd.write.holder = null;           // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_WRITE);
        }
    }

    /** {@link #write(ByteBuffer[], int, int)} of every buffer of {@code srcs}. */
    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /**
     * Writes all that {@code src} gives until its end (Go's {@code ReadFrom}, which
     * {@code io.Copy} uses), holding the write turn throughout, so no other write comes between.
     * From a {@link FileChannel}, from its position, over TCP or a Unix socket: the kernel sends
     * the file ({@code sendfile(2)} on Linux) without copying it through the JVM, and the file's
     * position is left after what was sent. From any other channel, or over UDP, read as a
     * blocking one: through a buffer.
     *
     * <pre>{@code
     * try (FileChannel file = FileChannel.open(path)) {
     *     conn.readFrom(file);                               // serves a file, zero-copy
     * }
     * }</pre>
     *
     * @return how many bytes were written
     * @throws DeadlineExceededException if the write deadline passes; {@code bytesTransferred}
     *                                   (and a file's position) says how much was sent
     */
    public long readFrom(ReadableByteChannel src) throws IOException {
        Objects.requireNonNull(src, "src");
        pd.lock(SelectionKey.OP_WRITE, "write");
        try {
            return src instanceof FileChannel file && channel instanceof SocketChannel ? sendFile(file) : copy(src);
        } finally {
            pd.write.holder = null;           // first: see PollDesc, "Errors"
            pd.unlock(SelectionKey.OP_WRITE);
        }
    }

    /** {@link #readFrom} of a file, for the holder of the write turn. */
    private long sendFile(FileChannel file) throws IOException {
        long start = file.position();
        long at = start;
        try {
            while (true) {
                long ticket = pd.checkBeforeIo(SelectionKey.OP_WRITE, "write");
                long n;
                try {
                    n = file.transferTo(at, Long.MAX_VALUE, channel);
                } catch (IOException e) {
                    throw e instanceof ClosedChannelException && !file.isOpen() ? e : writeFailed(e);
                }
                if (n > 0) {
                    at += n;
                } else if (at >= file.size()) {
                    return at - start;
                } else {
                    pd.await(SelectionKey.OP_WRITE, "write", ticket);   // the socket's buffer is full
                }
            }
        } catch (DeadlineExceededException e) {
            e.bytesTransferred = (int) Math.min(Integer.MAX_VALUE, at - start);
            throw e;
        } finally {
            if (file.isOpen()) {
                file.position(at);
            }
        }
    }

    /** {@link #readFrom} of any other channel, for the holder of the write turn. */
    private long copy(ReadableByteChannel src) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(COPY_BYTES);
        long sent = 0;
        try {
            while (src.read(buf.clear()) >= 0) {
                sent += buf.flip().remaining();
                writeAll(buf);
            }
            return sent;
        } catch (DeadlineExceededException e) {
            e.bytesTransferred = (int) Math.min(Integer.MAX_VALUE, sent - buf.remaining());
            throw e;
        }
    }

    /** The buffer of a {@link #readFrom} that copies: Go's {@code io.Copy}'s size. */
    private static final int COPY_BYTES = 32 * 1024;

    /** {@link #write(ByteBuffer)} for the holder of the write turn. */
    private void writeAll(ByteBuffer src) throws IOException {
        if (!src.hasRemaining()) {
            pd.checkBeforeIo(SelectionKey.OP_WRITE, "write");   // as Go's Write of nothing: the close, the deadline
            return;
        }
        int start = src.position();
        while (src.hasRemaining()) {
            try {
                long ticket = pd.checkBeforeIo(SelectionKey.OP_WRITE, "write");
                int n;
                try {
                    n = channel.write(src);
                } catch (IOException e) {
                    throw writeFailed(e);
                }
                if (n == 0) {
                    pd.await(SelectionKey.OP_WRITE, "write", ticket);
                }
            } catch (DeadlineExceededException e) {
                e.bytesTransferred = src.position() - start;
                throw e;
            }
        }
    }

    /**
     * This connection as an {@link InputStream} (reads as {@link #read(byte[], int, int)}); a
     * one-byte read makes no array of its own.
     */
    public InputStream inputStream() {
        return new InputStream() {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                return readByte(one);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return Conn.this.read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                Conn.this.close();
            }
        };
    }

    /**
     * This connection as an {@link OutputStream} (writes as {@link #write(byte[], int, int)}); a
     * one-byte write makes no array of its own.
     */
    public OutputStream outputStream() {
        return new OutputStream() {
            private final byte[] one = new byte[1];

            @Override
            public void write(int b) throws IOException {
                writeByte(one, b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Conn.this.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                Conn.this.close();
            }
        };
    }

    /**
     * Sets both deadlines (Go's {@code SetDeadline}); {@code null} clears them.
     *
     * @throws SocketException if the connection is closed
     */
    public void setDeadline(Instant deadline) throws SocketException {
        setReadDeadline(deadline);
        setWriteDeadline(deadline);
    }

    /**
     * Sets the read deadline; {@code null} clears it. A blocked read re-reads it at once.
     *
     * @throws SocketException if the connection is closed
     */
    public void setReadDeadline(Instant deadline) throws SocketException {
        pd.setReadDeadline(deadline);
    }

    /**
     * Sets the write deadline; {@code null} clears it. A blocked write re-reads it at once.
     *
     * @throws SocketException if the connection is closed
     */
    public void setWriteDeadline(Instant deadline) throws SocketException {
        pd.setWriteDeadline(deadline);
    }

    /**
     * Shuts down the reading side (Go's {@code CloseRead}): a read blocked at the time, and every
     * later one, returns the end of the stream; writes go on. (The poller reports a shut-down
     * socket ready, which wakes a blocked operation, as in Go.)
     */
    public void closeRead() throws IOException {
        SocketChannel stream = stream("close read");
        try {
            stream.shutdownInput();
        } catch (ClosedChannelException e) {
            throw PollDesc.closedException("close read");
        }
    }

    /**
     * Shuts down the writing side (Go's {@code CloseWrite}): the peer reads the end of the stream
     * once it has read what was written; a write blocked at the time, and every later one, fails
     * as a broken pipe; reads go on.
     */
    public void closeWrite() throws IOException {
        SocketChannel stream = stream("close write");
        pd.shutWrite();
        try {
            stream.shutdownOutput();
        } catch (ClosedChannelException e) {
            throw PollDesc.closedException("close write");
        }
    }

    /**
     * Turns TCP keep-alive on or off (Go's {@code SetKeepAlive}); it is on from the start, every
     * 15 seconds.
     *
     * @throws UnsupportedOperationException on a Unix domain socket or UDP
     */
    public void setKeepAlive(boolean on) throws IOException {
        set(StandardSocketOptions.SO_KEEPALIVE, on, "set keep-alive");
    }

    /**
     * Sets how long the connection stays idle before the first keep-alive probe, and the time
     * between probes (Go's {@code SetKeepAlivePeriod}): whole seconds, rounded up, and saturating
     * between one second (for zero or a negative period) and 32,767 seconds, the kernel's bound.
     *
     * @throws UnsupportedOperationException on a Unix domain socket or UDP
     */
    public void setKeepAlivePeriod(Duration period) throws IOException {
        Objects.requireNonNull(period, "period");
        setKeepAlivePeriod((NetworkChannel) channel, period);
    }

    private static void setKeepAlivePeriod(NetworkChannel channel, Duration period) throws IOException {
        long seconds = period.getSeconds() + (period.getNano() > 0 ? 1 : 0);   // getSeconds() < Long.MAX_VALUE
        int s = (int) Math.max(1, Math.min(MAX_KEEP_ALIVE_SECONDS, seconds));
        SocketOptions.set(channel, ExtendedSocketOptions.TCP_KEEPIDLE, s, "set keep-alive period");
        SocketOptions.set(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL, s, "set keep-alive period");
    }

    /**
     * Turns Nagle's algorithm off ({@code true}, the default: a small write goes out at once) or
     * on, which batches small writes into fewer segments (Go's {@code SetNoDelay}).
     *
     * @throws UnsupportedOperationException on a Unix domain socket or UDP
     */
    public void setNoDelay(boolean noDelay) throws IOException {
        set(StandardSocketOptions.TCP_NODELAY, noDelay, "set no delay");
    }

    /**
     * What {@link #close()} does with data not yet sent (Go's {@code SetLinger}): with a negative
     * {@code seconds}, the default, the close returns at once and the system sends it in the
     * background; with 0, the close discards it and resets the connection (the peer's read fails).
     *
     * @throws IllegalArgumentException if {@code seconds} is positive: unlike Go, Weft refuses a
     *                                  linger that would block the closing thread in {@code close(2)}
     *                                  (a goroutine's carrier with it)
     */
    public void setLinger(int seconds) throws IOException {
        if (seconds > 0) {
            throw new IllegalArgumentException("setLinger: a positive linger (" + seconds
                    + " s) would block the closing thread in close(2); use 0 to reset the connection"
                    + " or a negative value to close in the background");
        }
        set(StandardSocketOptions.SO_LINGER, seconds, "set linger");
    }

    /** Sets the size of the system's receive buffer, in bytes (Go's {@code SetReadBuffer}). */
    public void setReadBuffer(int bytes) throws IOException {
        set(StandardSocketOptions.SO_RCVBUF, SocketOptions.bufferSize(bytes, "setReadBuffer"), "set read buffer");
    }

    /** Sets the size of the system's send buffer, in bytes (Go's {@code SetWriteBuffer}). */
    public void setWriteBuffer(int bytes) throws IOException {
        set(StandardSocketOptions.SO_SNDBUF, SocketOptions.bufferSize(bytes, "setWriteBuffer"), "set write buffer");
    }

    private <T> void set(SocketOption<T> name, T value, String what) throws IOException {
        SocketOptions.set((NetworkChannel) channel, name, value, what);
    }

    /** The stream socket, for a half-close. */
    private SocketChannel stream(String what) {
        if (channel instanceof SocketChannel stream) {
            return stream;
        }
        throw new UnsupportedOperationException(what + ": a UDP connection has no half-close");
    }

    private SocketAddress remoteAddress() throws IOException {
        return channel instanceof SocketChannel stream ? stream.getRemoteAddress()
                : ((DatagramChannel) channel).getRemoteAddress();
    }

    /** The local address, Go's form ({@code "127.0.0.1:51234"}); after {@link #close()} too, as in Go. */
    public String localAddr() throws IOException {
        try {
            return Addresses.format(((NetworkChannel) channel).getLocalAddress());
        } catch (ClosedChannelException e) {
            return Addresses.format(addressesAtClose().local());
        }
    }

    /** The peer's address, Go's form; after {@link #close()} too, as in Go. */
    public String remoteAddr() throws IOException {
        try {
            return Addresses.format(remoteAddress());
        } catch (ClosedChannelException e) {
            return Addresses.format(addressesAtClose().remote());
        }
    }

    /** Both ends' addresses, kept by {@link #close()}: the channel answers nothing once closed. */
    private record Ends(SocketAddress local, SocketAddress remote) {}

    /** Written by {@link #close()} before it closes the channel; the channel's close publishes it. */
    private Ends atClose;

    private Ends addressesAtClose() throws SocketException {
        Ends a = atClose;
        if (a == null) {
            throw PollDesc.closedException("address");   // a close that failed to read them
        }
        return a;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return pd.isClosed();
    }

    /** Whether it is open: {@link #close()} has not been called ({@link java.nio.channels.Channel}'s name). */
    @Override
    public boolean isOpen() {
        return !pd.isClosed();
    }

    /** Closes the connection; a goroutine blocked in it wakes and throws. Idempotent. */
    @Override
    public void close() throws IOException {
        try {
            if (atClose == null && !pd.isClosed()) {
                atClose = new Ends(((NetworkChannel) channel).getLocalAddress(), remoteAddress());
            }
        } catch (ClosedChannelException alreadyClosed) {
            // closed by a concurrent close, which kept them
        } finally {
            pd.close();
        }
    }

    @Override
    public String toString() {
        return "Conn[" + channel + "]";
    }
}
