package dev.weft.chan;

import dev.weft.internal.Blocking;
import dev.weft.internal.ChanAccess;
import dev.weft.internal.CurrentContext;
import dev.weft.internal.Nanos;
import dev.weft.internal.SpinLock;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Go channel: rendezvous ({@link #make()}), buffered ({@link #make(int)}), unbounded
 * ({@link #unbounded()}) or single-value ({@link #oneshot()}). It works the same from
 * goroutines (blocking parks the goroutine) and platform threads (blocking parks the thread).
 *
 * <pre>{@code
 * Chan<String> ch = Chan.make();
 * Weft.go(() -> { ch.send("ping"); ch.close(); });
 * for (String s : ch) System.out.println(s);   // "ping", then the loop ends: closed
 * }</pre>
 *
 * <h2>Semantics</h2>
 * Go's, with these JVM choices:
 * <ul>
 *   <li>{@code null} is not a value: {@code send(null)} throws {@link NullPointerException}
 *       (as {@code java.util.concurrent} queues do), so "no value" is never ambiguous.</li>
 *   <li>A send on a closed channel, and closing twice, throw ({@link ChanClosedException},
 *       {@link IllegalStateException}) where Go panics.</li>
 *   <li>{@link #recv()} on a closed, drained channel throws {@link ChanClosedException} where Go
 *       returns the zero value; {@link #recvOrClosed()} is Go's {@code v, ok := <-ch}.</li>
 *   <li>{@link #close(Throwable)} records a cause that receivers see (kotlinx.coroutines).</li>
 *   <li>A send or receive that waits follows Weft's rule for blocking operations (see the
 *       {@link dev.weft} package): an interrupt abandons it with
 *       {@link CancellationException}, the end of the current context with its
 *       {@code ContextException}; either way nothing was sent or received.</li>
 * </ul>
 *
 * <h2>Implementation overview</h2>
 * Go's {@code hchan}: a lock, a ring buffer, and two FIFO queues of blocked operations
 * ({@link WaitQueue} of {@link Waiter}, Go's {@code sudog}).
 * <ul>
 *   <li>Invariants, under the lock: if {@code recvq} holds a live waiter the buffer is empty;
 *       if {@code sendq} does, the buffer is full (never, when unbounded).</li>
 *   <li>A send first hands its value directly to the oldest receiver it can claim; else
 *       buffers it; else enqueues itself and parks. A receive takes from the oldest sender it
 *       can claim (for a full buffer: the buffer's head, and that sender's value goes to the
 *       tail, keeping FIFO); else from the buffer; else reports closed; else parks.</li>
 *   <li>Claiming a waiter is a CAS on its {@link Selection}, the single decision point that a
 *       select, a timeout and an interrupt also race for; a waiter that loses is skipped.
 *       The value moves under the channel's lock; the waiter is woken after the lock is
 *       released (Go's rule: never ready a goroutine while holding a channel lock).</li>
 *   <li>{@link Select} locks several channels at once, always in the order of their
 *       {@link #id}, so channel locks cannot deadlock.</li>
 *   <li>The lock is a {@link SpinLock}: critical sections are a few dozen instructions and
 *       never block, park or call user code.</li>
 *   <li>An {@link Error} (a {@code StackOverflowError}, an {@code OutOfMemoryError}) thrown in
 *       a critical section leaves neither the lock held (every one releases it in
 *       {@code finally}) nor a waiter half-enqueued: a blocking send or receive allocates its
 *       waiter with the lock released and then looks again, and a close chains the waiters it
 *       claims through their own links instead of collecting them in a new list. A buffer that
 *       grows allocates before it changes anything.</li>
 * </ul>
 *
 * @param <T> the element type
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {
    private static final AtomicLong IDS = new AtomicLong();
    private static final int UNBOUNDED = Integer.MAX_VALUE;
    /** A buffer's first length: buffers grow, by doubling, as they fill (as kotlinx's and jox's do). */
    private static final int INITIAL_BUFFER = 16;
    /** The longest array the JVM is sure to allocate (as {@code ArrayList} assumes). */
    private static final int MAX_BUFFER = Integer.MAX_VALUE - 8;
    private static final long FOREVER = -1;

    /** Global lock order for {@link Select}. */
    final long id = IDS.incrementAndGet();
    final SpinLock lock = new SpinLock();
    final WaitQueue recvq = new WaitQueue();
    final WaitQueue sendq = new WaitQueue();
    private final int capacity;
    private final boolean oneshot;
    private Object[] buf;
    private int head;
    private int count;
    private boolean closed;
    private Throwable cause;

    static {
        ChanAccess.register(Chan::trySendIfFree);
    }

    private Chan(int capacity, boolean oneshot) {
        this.capacity = capacity;
        this.oneshot = oneshot;
        int initial = Math.min(capacity, INITIAL_BUFFER);
        this.buf = initial == 0 ? null : new Object[initial];
    }

    /** A rendezvous channel (Go's {@code make(chan T)}): a send waits for a receiver. */
    public static <T> Chan<T> make() {
        return new Chan<>(0, false);
    }

    /**
     * A channel buffering up to {@code capacity} values (Go's {@code make(chan T, n)});
     * 0 makes a rendezvous channel. The buffer is allocated as it fills, so a large capacity
     * costs nothing until it is used.
     *
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <T> Chan<T> make(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must not be negative, but is " + capacity);
        }
        return new Chan<>(capacity, false);
    }

    /** A channel whose buffer grows as needed: a send never blocks. */
    public static <T> Chan<T> unbounded() {
        return new Chan<>(UNBOUNDED, false);
    }

    /**
     * A single-value channel: capacity 1, closed by its first send. Receivers get the value
     * once, then see the channel closed; a second send throws {@link ChanClosedException}.
     */
    public static <T> Chan<T> oneshot() {
        return new Chan<>(1, true);
    }

    // ---------------------------------------------------------------- buffer, under the lock

    boolean hasRoom() {
        return count < buf.length || (count < capacity && grow());
    }

    /** Doubles the buffer (up to the capacity); allocates before it changes anything. */
    private boolean grow() {
        int length = (int) Math.min(2L * buf.length, Math.min(capacity, MAX_BUFFER));
        if (length == buf.length) {
            throw new OutOfMemoryError("channel buffer cannot grow past " + MAX_BUFFER + " values");
        }
        Object[] bigger = new Object[length];
        for (int i = 0; i < count; i++) {
            bigger[i] = buf[(head + i) % buf.length];
        }
        buf = bigger;
        head = 0;
        return true;
    }

    void put(Object v) {
        buf[(head + count) % buf.length] = v;
        count++;
    }

    Object take() {
        Object v = buf[head];
        buf[head] = null;
        head = (head + 1) % buf.length;
        count--;
        return v;
    }

    boolean closedLocked() {
        return closed;
    }

    ChanClosedException sendOnClosed() {
        return new ChanClosedException("send on closed channel", cause);
    }

    // ---------------------------------------------------------------- locked primitives

    /**
     * Under the lock: completes a send of {@code v} without blocking if possible. Returns the
     * claimed receiver to wake after unlocking, {@link #DONE} if buffered, or null if the send
     * would block. The caller has checked that the channel is open.
     */
    Object sendLocked(Object v) {
        Waiter r = recvq.claimFirstGiving(v);
        if (r != null) {
            return r.selection;
        }
        if (capacity > 0 && hasRoom()) {
            put(v);
            return DONE;
        }
        return null;
    }

    /**
     * Under the lock: completes a receive without blocking if possible. Returns the value; or a
     * claimed sender's {@link Waiter}, to wake after unlocking, whose {@code received} field
     * (unused by senders) holds the received value; or {@link #CLOSED} if closed and drained;
     * or null if the receive would block.
     */
    Object recvLocked() {
        Waiter s = sendq.claimFirst();
        if (s != null) {
            if (capacity == 0) {
                s.received = s.item;
            } else {
                s.received = take();         // the buffer is full: its head goes first,
                put(s.item);                 // and the sender's value joins the tail
            }
            return s;
        }
        if (count > 0) {
            return take();
        }
        return closed ? CLOSED : null;
    }

    /** After {@link #recvLocked()} returned {@code r} and the lock was released: the value. */
    static Object received(Object r) {
        if (r instanceof Waiter sender) {
            Object v = sender.received;
            sender.selection.wake();
            return v;
        }
        return r;
    }

    /** Marker results of the locked primitives. */
    static final Object DONE = new Object();
    static final Object CLOSED = new Object();

    /**
     * Under the lock, after a send completed: for a oneshot, closes it and returns the waiters to
     * wake (with {@link #finishSend}); else null.
     */
    Waiter afterSendLocked() {
        return oneshot ? closeLocked(null) : null;
    }

    /**
     * Under the lock: closes the channel and claims every waiter, returned as a chain to wake
     * after unlocking (see {@link WaitQueue#claimAllClosing}).
     */
    private Waiter closeLocked(Throwable c) {
        closed = true;
        cause = c;
        return sendq.claimAllClosing(recvq.claimAllClosing(null));
    }

    /** Wakes a chain of claimed waiters made by {@link WaitQueue#claimAllClosing}. */
    private static void wakeAll(Waiter chain) {
        while (chain != null) {
            Waiter w = chain;
            chain = w.next;
            w.next = null;
            w.selection.wake();
        }
    }

    // ---------------------------------------------------------------- send

    @Override
    public void send(T value) {
        doSend(value, FOREVER);
    }

    @Override
    public boolean send(T value, Duration timeout) {
        return doSend(value, Nanos.ofTimeout(timeout));
    }

    @Override
    public boolean trySend(T value) {
        return trySend(value, false);
    }


    /** {@link ChanAccess.Operations#trySendIfFree}, for Weft's timers. */
    @SuppressWarnings("unchecked")
    private static Boolean trySendIfFree(Object chan, Object value) {
        return ((Chan<Object>) chan).trySend(value, true);
    }

    /**
     * A send that never blocks; with {@code ifFree}, one that gives up (null) if the lock is
     * taken. The lock is taken and released in this one method: a call between the two, outside
     * the {@code try}, could throw a StackOverflowError with the lock held.
     */
    private Boolean trySend(T value, boolean ifFree) {
        Objects.requireNonNull(value, "channel values must not be null");
        if (ifFree) {
            if (!lock.tryLock()) {
                return null;
            }
        } else {
            lock.lock();
        }
        Object r;
        Waiter closing;
        try {
            if (closed) {
                throw sendOnClosed();
            }
            r = sendLocked(value);
            closing = r != null ? afterSendLocked() : null;
        } finally {
            try {
                lock.unlock();
            } catch (StackOverflowError overflow) {
                lock.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
        finishSend(r, closing);
        return r != null;
    }

    private boolean doSend(T value, long timeoutNanos) {
        Objects.requireNonNull(value, "channel values must not be null");
        Waiter w = null;                     // allocated (unlocked) once the send must wait
        for (;;) {
            Object r;
            Waiter closing = null;
            lock.lock();
            try {
                if (closed) {
                    throw sendOnClosed();
                }
                r = sendLocked(value);
                if (r != null) {
                    closing = afterSendLocked();
                } else if (w != null) {
                    sendq.add(w);
                }
            } finally {
                try {
                    lock.unlock();
                } catch (StackOverflowError overflow) {
                    lock.locked = 0;         // see SpinLock: a field store cannot overflow
                    throw overflow;
                }
            }
            if (r != null) {
                finishSend(r, closing);
                return true;
            }
            if (w != null) {
                break;                       // enqueued
            }
            if (timeoutNanos == 0) {
                return false;
            }
            if (CurrentContext.current() != null) {    // wait as a select that also ends with the context
                SelectCase<T> c = SelectCase.send(this, value);
                return (timeoutNanos == FOREVER ? Select.select(c) : Select.select(Duration.ofNanos(timeoutNanos), c)) == 0;
            }
            w = new Waiter(value);           // then look again: a receiver may have come meanwhile
        }
        if (!await(sendq, w, timeoutNanos, "channel send")) {
            return false;
        }
        if (w.closed) {
            throw sendOnClosed();
        }
        return true;
    }

    /**
     * Parks until a counterpart or close completes plain waiter {@code w}, which the caller has
     * enqueued on {@code q}. On timeout or interrupt it unlinks {@code w} and returns false
     * (interrupt: throws), and nothing was transferred.
     */
    private boolean await(WaitQueue q, Waiter w, long timeoutNanos, String what) {
        if (w.await(timeoutNanos)) {
            return true;
        }
        lock.lock();
        try {
            q.remove(w);
        } finally {
            try {
                lock.unlock();
            } catch (StackOverflowError overflow) {
                lock.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            throw Blocking.interrupted(what);
        }
        return false;
    }

    static void finishSend(Object r, Waiter closing) {
        if (r instanceof Selection receiver) {
            receiver.wake();
        }
        wakeAll(closing);
    }

    // ---------------------------------------------------------------- receive

    @Override
    @SuppressWarnings("unchecked")
    public T recv() {
        Object v = doRecv(FOREVER);
        if (v == CLOSED) {
            throw new ChanClosedException("receive from closed channel", closeCause());
        }
        return (T) v;
    }

    @Override
    public Received<T> recvOrClosed() {
        return toReceived(doRecv(FOREVER));
    }

    @Override
    public Received<T> tryRecv() {
        return toReceived(doRecv(0));
    }

    @Override
    public Received<T> recv(Duration timeout) {
        return toReceived(doRecv(Nanos.ofTimeout(timeout)));
    }

    @SuppressWarnings("unchecked")
    private Received<T> toReceived(Object v) {
        return v == CLOSED ? Received.closed(closeCause()) : v == null ? Received.notReady() : Received.of((T) v);
    }

    /** A value, {@link #CLOSED}, or null when nothing came within the timeout. */
    private Object doRecv(long timeoutNanos) {
        Waiter w = null;                     // allocated (unlocked) once the receive must wait
        for (;;) {
            Object r;
            lock.lock();
            try {
                r = recvLocked();
                if (r == null && w != null) {
                    recvq.add(w);
                }
            } finally {
                try {
                    lock.unlock();
                } catch (StackOverflowError overflow) {
                    lock.locked = 0;         // see SpinLock: a field store cannot overflow
                    throw overflow;
                }
            }
            if (r != null) {
                return received(r);
            }
            if (w != null) {
                break;                       // enqueued
            }
            if (timeoutNanos == 0) {
                return null;
            }
            if (CurrentContext.current() != null) {    // wait as a select that also ends with the context
                SelectCase<T> c = SelectCase.recv(this);
                if ((timeoutNanos == FOREVER ? Select.select(c) : Select.select(Duration.ofNanos(timeoutNanos), c)) < 0) {
                    return null;
                }
                Received<T> got = c.received();
                return got.isClosed() ? CLOSED : got.value();
            }
            w = new Waiter(null);            // then look again, as doSend does
        }
        if (!await(recvq, w, timeoutNanos, "channel receive")) {
            return null;
        }
        return w.closed ? CLOSED : w.received;
    }

    Throwable closeCause() {
        lock.lock();
        try {
            return cause;
        } finally {
            try {
                lock.unlock();
            } catch (StackOverflowError overflow) {
                lock.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
    }

    Throwable closeCauseLocked() {
        return cause;
    }

    // ---------------------------------------------------------------- close and state

    @Override
    public void close() {
        close(null);
    }

    @Override
    public void close(Throwable cause) {
        Waiter waiters;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("close of closed channel");
            }
            waiters = closeLocked(cause);
        } finally {
            try {
                lock.unlock();
            } catch (StackOverflowError overflow) {
                lock.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
        wakeAll(waiters);
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            try {
                lock.unlock();
            } catch (StackOverflowError overflow) {
                lock.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
    }

    @Override
    public int len() {
        lock.lock();
        try {
            return count;
        } finally {
            try {
                lock.unlock();
            } catch (StackOverflowError overflow) {
                lock.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
    }

    @Override
    public int cap() {
        return capacity;
    }

    /**
     * Receives until the channel is closed and drained. {@code hasNext()} blocks until a value
     * arrives or the channel closes; if it was closed with a cause, {@code hasNext()} throws
     * {@link ChanClosedException} with that cause instead of returning false.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Received<T> next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = recvOrClosed();
                }
                if (next.isClosed() && next.cause() != null) {
                    throw new ChanClosedException("channel closed with a cause", next.cause());
                }
                return next.ok();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed");
                }
                T v = next.value();
                next = null;
                return v;
            }
        };
    }

    @Override
    public String toString() {
        String kind = oneshot ? "oneshot" : capacity == UNBOUNDED ? "unbounded" : "cap=" + capacity;
        return "Chan#" + id + "[" + kind + ", len=" + len() + (isClosed() ? ", closed]" : "]");
    }
}
