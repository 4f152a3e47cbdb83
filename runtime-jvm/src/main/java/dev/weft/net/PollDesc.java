package dev.weft.net;

import dev.weft.internal.Blocking;
import dev.weft.internal.Nanos;
import dev.weft.internal.TimerQueue;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
     * connection; concurrent readers are serialised by the caller). Its {@code reports} count says
     * how many times the poller has reported it ready; it only grows. An operation reads the count
     * (its ticket) before it attempts its I/O, and waits only when the attempt found nothing.
     * Waiting: record the thread and the ticket; if the count has moved past the ticket, readiness
     * came after (or during) the attempt, so attempt again; else arm the poller (a no-op for an
     * edge-triggered one) and park in a loop until the count moves, the socket closes, the deadline
     * passes or the wait is cancelled. The poller increments the count (an atomic add, so that two
     * pollers reporting the same socket cannot leave it where it was) before it reads the waiter,
     * the waiter writes itself before it reads the count (all volatile), so one of them sees the
     * other: no readiness is lost. A report that came before the attempt costs at most one attempt
     * that finds nothing. Every event that ends a wait writes its condition before it unparks, and
     * the loop re-checks them all after every return from park, so a spurious wake-up is harmless.
     * Moving a deadline unparks the waiter, which re-reads it. Deadlines are absolute
     * {@code System.nanoTime()} values ({@link #NONE}: none); the timed park uses Weft's timer heap.
     *
     * A drained socket (epoll(7)'s advice, which Go does not take). A read of a stream socket that
     * returns less than it asked for has taken all the kernel held: the kernel copies what it has
     * up to the length. Its ticket is kept ({@code drainedAt}). A later read whose ticket is the
     * same, so that nothing has been reported since before that read, waits at once instead of
     * attempting a read(2) bound to find nothing: whatever arrives after the drain is reported
     * after it, moves the count and wakes the waiter, as after a failed attempt. One exception:
     * the peer's FIN (or a reset) can arrive with the last data, be reported with it before the
     * draining read, and leave the end of the stream pending with nothing more to report. So an
     * edge-triggered poller marks the descriptor hung up (sticky) before it counts such a report,
     * and a hung-up socket is always attempted. A level-triggered poller needs no mark: a wait arms
     * it, and it reports a socket readable at its end of stream. Concurrent readers cannot break
     * this: a kept ticket is a fact about the count, and once anything is reported the count has
     * moved past every ticket taken before it.
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
    /** The poller has reported the peer's end of the stream, a hang-up or an error; never cleared. */
    private volatile boolean hungUp;
    /** The ticket of a read that found the socket drained (-1: none); opaque, see the overview. */
    @SuppressWarnings("unused")
    private long drainedAt = -1;

    private static final VarHandle DRAINED_AT;
    private static final VarHandle REPORTS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DRAINED_AT = l.findVarHandle(PollDesc.class, "drainedAt", long.class);
            REPORTS = l.findVarHandle(Direction.class, "reports", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One direction: reads (and accepts) or writes (and connects); its wait is {@link #park}. */
    private final class Direction implements Blocking.Wait<Void> {
        final int ops;
        final String name;
        volatile Thread waiter;
        /** How many times the poller has reported this direction ready; only grows. */
        volatile long reports;
        /** The waiter's ticket: the {@link #reports} it waits to see pass. */
        long ticket;
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
            REPORTS.getAndAdd(read, 1L);
            unpark(read);
        }
        if ((readyOps & write.ops) != 0) {
            REPORTS.getAndAdd(write, 1L);
            unpark(write);
        }
    }

    /**
     * Called by an edge-triggered poller, before {@link #ready}, when it reports the peer's end of
     * the stream, a hang-up or an error: a short read no longer shows that nothing is pending (see
     * the overview).
     */
    void hungUp() {
        hungUp = true;
    }

    private static void unpark(Direction d) {
        Thread t = d.waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Waits until the poller reports the channel ready for {@code op} (one of the SelectionKey
     * operations) after {@code ticket}, which {@link #checkBeforeIo} gave before a non-blocking
     * attempt that found it not ready; returns at once if it already has.
     *
     * @throws DeadlineExceededException if the direction's deadline passes (or has passed)
     * @throws SocketException           if the socket is or becomes closed
     */
    void await(int op, String what, long ticket) throws IOException {
        Direction d = (op & read.ops) != 0 ? read : write;
        check(d, what);
        if (d.waiter != null) {
            throw new IllegalStateException(what + ": another goroutine is already waiting to " + d.name
                    + " on this socket (one reader and one writer at a time)");
        }
        d.ticket = ticket;
        d.waiter = Thread.currentThread();
        try {
            if (d.reports == ticket) {
                poller.arm(this, op);
                Blocking.await(null, Blocking.FOREVER, d, what, this);
            }
        } catch (CancelledKeyException closedMeanwhile) {
            throw closedException(what);
        } finally {
            d.waiter = null;
        }
        check(d, what);
    }

    /**
     * Notes that a read begun after {@code ticket} returned less than it asked for: the socket
     * held nothing more (for a stream socket, the kernel copies all it has up to the length).
     */
    void drained(long ticket) {
        DRAINED_AT.setOpaque(this, ticket);
    }

    /**
     * Whether a read with {@code ticket} would find nothing, so that it may wait at once: a read
     * begun at this ticket found the socket drained, nothing has been reported since, and the
     * peer's end of the stream has not been (it can arrive with the last data and be reported
     * no more).
     */
    boolean drainedAt(long ticket) {
        return (long) DRAINED_AT.getOpaque(this) == ticket && !hungUp;
    }

    /** Parks until the direction is reported ready, closed or past its deadline; an interrupt throws. */
    private Void park(Direction d) throws InterruptedException {
        while (d.reports == d.ticket && !closed) {
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

    /**
     * Throws if the socket is closed or the deadline of {@code op}'s direction has passed; else
     * returns the ticket of the attempt about to be made, for {@link #await}.
     */
    long checkBeforeIo(int op, String what) throws IOException {
        Direction d = (op & read.ops) != 0 ? read : write;
        check(d, what);
        return d.reports;
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
