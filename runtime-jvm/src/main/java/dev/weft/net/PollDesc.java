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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One socket's state in the netpoller (Go's {@code pollDesc}, with the read and write locks of
 * Go's {@code fdMutex}): for each direction, whose turn it is, the one goroutine waiting for
 * readiness, whether the poller has seen it ready, and its deadline; and whether the socket has
 * closed.
 */
final class PollDesc {
    /*
     * Implementation overview.
     *
     * Turns. As in Go, any number of goroutines may read, write or accept at once: an operation
     * takes its direction's turn ({@link #lock}) for all of its attempts and waits, so reads (and
     * accepts) take turns, writes take turns, and a write is never interleaved with another
     * however often it waits for room. A turn is a holder (a thread, or none) taken by
     * compare-and-set, first come first served: an operation that finds it taken, or others
     * queued for it, queues its thread (in a queue made at the direction's first contention)
     * and takes the turn only when it is at the head of the queue, so a stream of newcomers
     * cannot starve a waiter (one that saw the queue empty just before a waiter joined it may go
     * first, once). The head tries again after queueing, then parks in a loop that re-checks the
     * holder, its place, the close, the deadline and its interrupt. Whoever gives the turn back
     * clears the holder and then
     * unparks the queue's head (volatile both): the head queues before it tries, the holder
     * clears before it looks, so one of them sees the other and no turn is lost. A waiter leaves
     * the queue when it takes the turn or ends without it (closed, deadline, cancelled); ending
     * without it, it unparks the new head if the turn is free (else its holder will). Closing and
     * moving a deadline unpark every queued waiter.
     *
     * Errors. A StackOverflowError can strike at any call, an OutOfMemoryError at any allocation,
     * and neither may leave a turn held. Where a call could fail after the turn is taken, a field
     * store gives it back: the holder is recorded as a thread, so a compare-and-set whose own
     * calls throw after it succeeded is undone ({@link #take}); {@link #lockSlow}'s cleanup gives
     * the turn back if it throws, since its caller will never unlock; and every caller clears
     * the direction's {@code holder} in its {@code finally} before it calls {@link #unlock}, whose
     * entry can overflow where the inlined {@code lock} needed no frame of its own. What an Error
     * can still cost is a wake-up (an unpark after the turn was freed): a waiter marks its queue
     * entry gone by a field store before it removes it, whoever looks for the head skips gone
     * entries, and a waiter for a turn re-checks on a bounded park (1 ms, doubling to 1 s), so a
     * lost wake-up delays it and cannot strand it. A close that an Error cut short is finished by
     * the next: every close does all its steps, each of which is harmless when done already.
     *
     * Readiness. A direction has at most one waiter for readiness at a time: its turn's holder.
     * Its {@code reports} count says how many times the poller has reported it ready; it only
     * grows. An operation reads the count (its ticket) before it attempts its I/O, and waits only
     * when the attempt found nothing.
     * Waiting: record the thread and the ticket; if the count has moved past the ticket, readiness
     * came after (or during) the attempt, so attempt again; else arm the poller (a no-op for an
     * edge-triggered one) and park in a loop until the count moves, the socket closes, the deadline
     * passes or the wait is cancelled. The poller increments the count (an atomic add, so that two
     * pollers reporting the same socket cannot leave it where it was) before it reads the waiter,
     * the waiter writes itself before it reads the count (all volatile), so one of them sees the
     * other: no readiness is lost. A report that came before the attempt costs at most one attempt
     * that finds nothing. Every event that ends a wait writes its condition before it unparks, and
     * the loop re-checks them all after every return from park, so a spurious wake-up is harmless.
     * A dial racing two connects (Happy Eyeballs) makes one thread the write waiter of both
     * sockets and parks until either count moves ({@link #awaitEither}), by the same rule.
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

    /** The operations of the read direction; the others are the write direction's. */
    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private final SelectableChannel channel;
    private final Poller poller;
    /** The registration with a {@link SelectorPoller}. */
    SelectionKey key;
    /** The file descriptor, for an {@link EpollPoller}. */
    int fd = -1;
    /** The read (and accept) direction; its {@code holder} is cleared by callers, see "Errors". */
    final Direction read = new Direction();
    /** The write (and connect) direction; its {@code holder} is cleared by callers, see "Errors". */
    final Direction write = new Direction();
    private volatile boolean closed;
    /** The poller has reported the peer's end of the stream, a hang-up or an error; never cleared. */
    private volatile boolean hungUp;
    /** The writing side is being or has been shut down ({@code closeWrite}); never cleared. */
    private volatile boolean writeShut;
    /** The ticket of a read that found the socket drained (-1: none); opaque, see the overview. */
    @SuppressWarnings("unused")
    private long drainedAt = -1;

    private static final VarHandle DRAINED_AT;
    private static final VarHandle REPORTS;
    private static final VarHandle HOLDER;
    private static final VarHandle QUEUED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DRAINED_AT = l.findVarHandle(PollDesc.class, "drainedAt", long.class);
            REPORTS = l.findVarHandle(Direction.class, "reports", long.class);
            HOLDER = l.findVarHandle(Direction.class, "holder", Thread.class);
            QUEUED = l.findVarHandle(Direction.class, "queued", ConcurrentLinkedQueue.class);
            // A wait for a turn, for readiness or for a deadline can begin at any depth of its
            // caller's stack, where a static initializer that overflows leaves its class unusable
            // for ever: what those waits use is initialized with the first socket instead.
            l.ensureInitialized(ConcurrentLinkedQueue.class);
            l.ensureInitialized(TimerQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One direction: reads (and accepts) or writes (and connects); its wait is {@link #park}. */
    final class Direction implements Blocking.Wait<Void> {
        volatile Thread waiter;
        /** How many times the poller has reported this direction ready; only grows. */
        volatile long reports;
        /** The waiter's ticket: the {@link #reports} it waits to see pass. */
        long ticket;
        volatile long deadline = NONE;
        /** The thread whose operation has this direction's turn; null when it is free. */
        volatile Thread holder;
        /** The waiters for the turn, in order; made at the first contention. */
        volatile ConcurrentLinkedQueue<TurnWaiter> queued;

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

    private Direction direction(int op) {
        return (op & READ_OPS) != 0 ? read : write;
    }

    /** Called by the poller: these operations are ready. */
    void ready(int readyOps) {
        if ((readyOps & READ_OPS) != 0) {
            REPORTS.getAndAdd(read, 1L);
            unpark(read);
        }
        if ((readyOps & WRITE_OPS) != 0) {
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
     * Wakes every thread waiting on {@code d}, for readiness or for its turn, to re-check the close
     * and the deadline.
     */
    private static void wakeAll(Direction d) {
        unpark(d);
        ConcurrentLinkedQueue<TurnWaiter> q = d.queued;
        if (q != null) {
            for (TurnWaiter w : q) {
                LockSupport.unpark(w.thread);
            }
        }
    }

    /**
     * Waits until the poller reports the channel ready for {@code op} (one of the SelectionKey
     * operations) after {@code ticket}, which {@link #checkBeforeIo} gave before a non-blocking
     * attempt that found it not ready; returns at once if it already has. The caller holds the
     * direction's turn ({@link #lock}), or is the socket's only user (a dial).
     *
     * @throws DeadlineExceededException if the direction's deadline passes (or has passed)
     * @throws SocketException           if the socket is or becomes closed
     */
    void await(int op, String what, long ticket) throws IOException {
        Direction d = direction(op);
        check(d, what);
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
     * Waits, as {@link #await} does for one, until the poller reports connecting socket {@code a}
     * or {@code b} (either may be null) past its ticket, either is closed or past its write
     * deadline, or {@code until} (a {@code System.nanoTime()} value, or {@link #NONE}) comes: a
     * dial racing two attempts in one thread. The caller checks each socket afterwards; the
     * wait itself throws only for cancellation.
     */
    static void awaitEither(PollDesc a, long ticketA, PollDesc b, long ticketB, long until, String what) {
        Thread me = Thread.currentThread();
        try {
            if (a != null) {
                a.write.ticket = ticketA;
                a.write.waiter = me;
            }
            if (b != null) {
                b.write.ticket = ticketB;
                b.write.waiter = me;
            }
            if (!ready(a) && !ready(b)) {
                if (a != null) {
                    a.poller.arm(a, SelectionKey.OP_CONNECT);
                }
                if (b != null) {
                    b.poller.arm(b, SelectionKey.OP_CONNECT);
                }
                Blocking.await(null, Blocking.FOREVER, nanos -> parkEither(a, b, until), what, a != null ? a : b);
            }
        } catch (CancelledKeyException closedMeanwhile) {
            // the caller's check of that socket throws
        } finally {
            if (a != null) {
                a.write.waiter = null;
            }
            if (b != null) {
                b.write.waiter = null;
            }
        }
    }

    /** Whether {@code pd}'s wait in {@link #awaitEither} is over: reported, closed or past its deadline. */
    private static boolean ready(PollDesc pd) {
        if (pd == null) {
            return false;
        }
        Direction d = pd.write;
        return d.reports != d.ticket || pd.closed || d.deadline != NONE && d.deadline - System.nanoTime() <= 0;
    }

    private static Void parkEither(PollDesc a, PollDesc b, long until) throws InterruptedException {
        while (!ready(a) && !ready(b)) {
            long end = Math.min(until, Math.min(a != null ? a.write.deadline : NONE, b != null ? b.write.deadline : NONE));
            if (!parkOnce(a != null ? a : b, end)) {
                return null;
            }
        }
        return null;
    }

    /**
     * One turn of a wait's loop: parks until {@code deadline} ({@link #NONE}: none) or a wake-up;
     * returns false, without parking, if the deadline has passed. An interrupt throws.
     */
    private static boolean parkOnce(Object blocker, long deadline) throws InterruptedException {
        long left = deadline == NONE ? NONE : deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (left == NONE) {
            LockSupport.park(blocker);
        } else {
            TimerQueue.parkNanos(blocker, left);
        }
        return true;
    }

    /**
     * Takes the turn of {@code op}'s direction for one operation, waiting while another
     * operation has it (Go's {@code fd.readLock}/{@code writeLock}); {@link #unlock} gives it
     * back. A wait for the turn ends as a wait for readiness does: by the deadline, the close, an
     * interrupt or the context.
     *
     * @throws DeadlineExceededException if the direction's deadline has passed
     * @throws SocketException           if the socket is or becomes closed
     */
    void lock(int op, String what) throws IOException {
        Direction d = direction(op);
        ConcurrentLinkedQueue<TurnWaiter> q = d.queued;
        if ((q == null || q.isEmpty()) && take(d)) {
            return;
        }
        lockSlow(d, what);
    }

    /** Gives back the turn {@link #lock} took, and wakes the next waiting for it. */
    void unlock(int op) {
        Direction d = direction(op);
        d.holder = null;
        ConcurrentLinkedQueue<TurnWaiter> q = d.queued;
        if (q != null) {
            wakeNext(q);
        }
    }

    private void lockSlow(Direction d, String what) throws IOException {
        ConcurrentLinkedQueue<TurnWaiter> q = d.queued;
        if (q == null) {
            ConcurrentLinkedQueue<TurnWaiter> made = new ConcurrentLinkedQueue<>();
            q = QUEUED.compareAndSet(d, null, made) ? made : d.queued;
        }
        TurnWaiter me = new TurnWaiter(Thread.currentThread());
        boolean taken = false;
        try {
            q.add(me);
            while (true) {
                check(d, what);
                if (first(q) == me && take(d)) {
                    taken = true;
                    return;
                }
                Blocking.await(null, Blocking.FOREVER, nanos -> parkForTurn(d, me), what, this);
            }
        } finally {
            me.gone = true;                  // first, and a field store: nothing below can undo it
            try {
                q.remove(me);
                if (!taken && d.holder == null) {
                    wakeNext(q);             // the next in line, or the wake-up this waiter took
                }
            } catch (Throwable t) {          // an Error (a stack overflow): the caller never gets the turn
                if (taken) {
                    d.holder = null;         // so it gives it back here, by a field store
                }
                throw t;
            }
        }
    }

    /**
     * Takes {@code d}'s turn for the current thread if it is free. An Error thrown by the
     * compare-and-set's own calls (a stack overflow in an interpreted frame) may come after the
     * turn was taken; the holder's identity tells, and the turn is given back by a field store.
     */
    private static boolean take(Direction d) {
        Thread me = Thread.currentThread();
        try {
            return HOLDER.compareAndSet(d, null, me);
        } catch (Throwable t) {
            if (d.holder == me) {
                d.holder = null;
            }
            throw t;
        }
    }

    /** A thread waiting for a turn; {@code gone} once it has left the queue, or is leaving it. */
    private static final class TurnWaiter {
        final Thread thread;
        volatile boolean gone;

        TurnWaiter(Thread thread) {
            this.thread = thread;
        }
    }

    /** The first waiter still waiting, unlinking those that are gone. */
    private static TurnWaiter first(ConcurrentLinkedQueue<TurnWaiter> q) {
        TurnWaiter w;
        while ((w = q.peek()) != null && w.gone) {
            q.remove(w);
        }
        return w;
    }

    private static void wakeNext(ConcurrentLinkedQueue<TurnWaiter> q) {
        TurnWaiter w = first(q);
        if (w != null) {
            LockSupport.unpark(w.thread);
        }
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
            if (!parkOnce(this, d.deadline)) {
                return null;
            }
        }
        return null;
    }

    /**
     * Parks until the turn is free and {@code me} is first in line for it, the socket is closed
     * or the deadline passes; an interrupt throws. It looks again at least every
     * {@link #TURN_RECHECK_MAX_NANOS} (after 1 ms, then twice as long each time): a wake-up lost
     * to an Error thrown in the giver's {@code unlock} after it freed the turn delays the waiter,
     * it cannot strand it.
     */
    private Void parkForTurn(Direction d, TurnWaiter me) throws InterruptedException {
        long recheck = TURN_RECHECK_MIN_NANOS;
        while ((d.holder != null || first(d.queued) != me) && !closed) {
            long deadline = d.deadline;
            long now = System.nanoTime();
            if (deadline != NONE && deadline - now <= 0) {
                return null;
            }
            long until = now + recheck;
            if (!parkOnce(this, deadline != NONE && deadline - until < 0 ? deadline : until)) {
                return null;
            }
            recheck = Math.min(recheck * 2, TURN_RECHECK_MAX_NANOS);
        }
        return null;
    }

    private static final long TURN_RECHECK_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long TURN_RECHECK_MAX_NANOS = TimeUnit.SECONDS.toNanos(1);

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
        Direction d = direction(op);
        check(d, what);
        return d.reports;
    }

    static NetClosedException closedException(String what) {
        return new NetClosedException(what);
    }

    /**
     * Sets the read deadline ({@code null}: none); a waiting reader re-reads it at once.
     *
     * @throws SocketException if the socket is closed (Go's {@code SetDeadline} fails then too)
     */
    void setReadDeadline(Instant deadline) throws SocketException {
        set(read, deadline);
    }

    /** As {@link #setReadDeadline}, for the write direction. */
    void setWriteDeadline(Instant deadline) throws SocketException {
        set(write, deadline);
    }

    private void set(Direction d, Instant deadline) throws SocketException {
        if (closed) {
            throw closedException("set deadline");
        }
        d.deadline = deadline == null ? NONE : toNanoTime(deadline);
        wakeAll(d);
    }

    /** {@code deadline} on the {@code System.nanoTime()} clock, saturating. */
    private static long toNanoTime(Instant deadline) {
        long left = Nanos.until(deadline);
        long now = System.nanoTime();
        return left <= 0 ? now - 1 : now + Math.min(left, Nanos.MAX_WAIT);
    }

    /** What a parked reader or writer waits on, as Weft's dump and a debugger show its blocker. */
    @Override
    public String toString() {
        return "net I/O on " + channel;
    }

    boolean isClosed() {
        return closed;
    }

    /** Notes, before the shutdown, that the writing side is being shut down: a write failing from now on fails for that. */
    void shutWrite() {
        writeShut = true;
    }

    boolean isWriteShut() {
        return writeShut;
    }

    /**
     * Closes the channel and wakes both waiters, which find it closed. Idempotent: each step is
     * harmless when done already, and a close that an Error cut short is finished by the next.
     */
    void close() throws IOException {
        closed = true;
        try {
            poller.deregister(this);
            channel.close();
        } finally {
            wakeAll(read);
            wakeAll(write);
        }
    }
}
