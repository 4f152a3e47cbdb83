package dev.weft.net;

import dev.weft.internal.Blocking;
import dev.weft.internal.Nanos;
import dev.weft.internal.TimerQueue;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * One socket's state in the netpoller (Go's {@code pollDesc}): for each direction, the one
 * goroutine waiting, whether the poller has seen it ready, and its deadline; and whether the
 * socket has closed.
 */
final class PollDesc {
    /*
     * Implementation overview.
     *
     * A direction has at most one waiter at a time (a Go convention: one reader and one writer per
     * connection; concurrent readers are serialised by the caller). Its {@code ready} flag says the
     * poller has reported the direction ready since a waiter last consumed the flag. An operation
     * attempts its I/O first and waits only when the attempt found nothing. Waiting: record the
     * thread; if the flag is set, the readiness came after (or during) the attempt, so consume it
     * and attempt again; else arm the poller (a no-op for an edge-triggered one) and park in a loop
     * until the flag is set, the socket closes, the deadline passes or the wait is cancelled, then
     * consume the flag. The poller writes the flag before it reads the waiter, the waiter writes
     * itself before it reads the flag (all volatile), so one of them sees the other: no readiness is
     * lost. Consuming a flag before an attempt is always safe, since the attempt sees whatever the
     * readiness reported; a stale flag costs one attempt that finds nothing. Every event that ends a
     * wait writes its condition before it unparks, and the loop re-checks them all after every
     * return from park, so a spurious wake-up is harmless. Moving a deadline unparks the waiter,
     * which re-reads it. Deadlines are absolute {@code System.nanoTime()} values ({@link #NONE}:
     * none); the timed park uses Weft's timer heap.
     */

    static final long NONE = Long.MAX_VALUE;

    private final SelectableChannel channel;
    private final Poller poller;
    /** The registration with a {@link SelectorPoller}. */
    SelectionKey key;
    /** The file descriptor, for an {@link EpollPoller}. */
    int fd = -1;
    private final Direction read = new Direction(SelectionKey.OP_READ | SelectionKey.OP_ACCEPT, "read");
    private final Direction write = new Direction(SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT, "write");
    private volatile boolean closed;

    /** One direction: reads (and accepts) or writes (and connects); its wait is {@link #park}. */
    private final class Direction implements Blocking.Wait<Void> {
        final int ops;
        final String name;
        volatile Thread waiter;
        volatile boolean ready;
        volatile long deadline = NONE;

        Direction(int ops, String name) {
            this.ops = ops;
            this.name = name;
        }

        @Override
        public Void run(long nanos) throws InterruptedException {
            return park(this);
        }
    }

    PollDesc(SelectableChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.poller = Poller.get();
        poller.register(channel, this);
    }

    /** Called by the poller: these operations are ready. */
    void ready(int readyOps) {
        if ((readyOps & read.ops) != 0) {
            read.ready = true;
            unpark(read);
        }
        if ((readyOps & write.ops) != 0) {
            write.ready = true;
            unpark(write);
        }
    }

    private static void unpark(Direction d) {
        Thread t = d.waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Waits until the channel may be ready for {@code op} (one of the SelectionKey operations),
     * after a non-blocking attempt found it not ready.
     *
     * @throws DeadlineExceededException if the direction's deadline passes (or has passed)
     * @throws SocketException           if the socket is or becomes closed
     */
    void await(int op, String what) throws IOException {
        Direction d = (op & read.ops) != 0 ? read : write;
        check(d, what);
        if (d.waiter != null) {
            throw new IllegalStateException(what + ": another goroutine is already waiting to " + d.name
                    + " on this socket (one reader and one writer at a time)");
        }
        d.waiter = Thread.currentThread();
        try {
            if (!d.ready) {
                poller.arm(this, op);
                Blocking.await(null, Blocking.FOREVER, d, what, this);
            }
        } catch (CancelledKeyException closedMeanwhile) {
            throw closedException(what);
        } finally {
            d.waiter = null;
        }
        d.ready = false;
        check(d, what);
    }

    /** Parks until the direction is ready, closed or past its deadline; an interrupt throws. */
    private Void park(Direction d) throws InterruptedException {
        while (!d.ready && !closed) {
            long deadline = d.deadline;
            long left = deadline == NONE ? NONE : deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (left == NONE) {
                LockSupport.park(this);
            } else {
                TimerQueue.parkNanos(this, left);
            }
        }
        return null;
    }

    private void check(Direction d, String what) throws IOException {
        if (closed) {
            throw closedException(what);
        }
        long deadline = d.deadline;
        if (deadline != NONE && deadline - System.nanoTime() <= 0) {
            throw new DeadlineExceededException(what);
        }
    }

    /** Throws if the socket is closed or the deadline of {@code op}'s direction has passed. */
    void checkBeforeIo(int op, String what) throws IOException {
        check((op & read.ops) != 0 ? read : write, what);
    }

    static SocketException closedException(String what) {
        return new SocketException(what + ": use of closed network connection");
    }

    /** Sets the read deadline ({@code null}: none); a waiting reader re-reads it at once. */
    void setReadDeadline(Instant deadline) {
        set(read, deadline);
    }

    /** Sets the write deadline ({@code null}: none); a waiting writer re-reads it at once. */
    void setWriteDeadline(Instant deadline) {
        set(write, deadline);
    }

    private void set(Direction d, Instant deadline) {
        d.deadline = deadline == null ? NONE : toNanoTime(deadline);
        unpark(d);
    }

    /** {@code deadline} on the {@code System.nanoTime()} clock, saturating. */
    private static long toNanoTime(Instant deadline) {
        long left = Nanos.until(deadline);
        long now = System.nanoTime();
        return left <= 0 ? now - 1 : now + Math.min(left, Nanos.MAX_WAIT);
    }

    /** What a parked reader or writer waits on, as a JDK thread dump shows its blocker. */
    @Override
    public String toString() {
        return "net I/O on " + channel;
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the channel and wakes both waiters, which find it closed. Idempotent. */
    void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            poller.deregister(this);
            channel.close();
        } finally {
            unpark(read);
            unpark(write);
        }
    }
}
