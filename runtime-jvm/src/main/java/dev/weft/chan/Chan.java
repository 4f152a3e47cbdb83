package dev.weft.chan;

import dev.weft.context.Context;
import dev.weft.internal.SpinLock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
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
 *   <li>Interrupting a thread blocked in a send or receive (platform thread or goroutine)
 *       abandons the operation — nothing is sent or received — and throws
 *       {@link CancellationException}; the interrupt status stays set.</li>
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
 * </ul>
 *
 * @param <T> the element type
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {
    private static final AtomicLong IDS = new AtomicLong();
    private static final int UNBOUNDED = Integer.MAX_VALUE;
    private static final int INITIAL_UNBOUNDED = 16;
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

    private Chan(int capacity, boolean oneshot) {
        this.capacity = capacity;
        this.oneshot = oneshot;
        int initial = capacity == UNBOUNDED ? INITIAL_UNBOUNDED : capacity;
        this.buf = initial == 0 ? null : new Object[initial];
    }

    /** A rendezvous channel (Go's {@code make(chan T)}): a send waits for a receiver. */
    public static <T> Chan<T> make() {
        return new Chan<>(0, false);
    }

    /**
     * A channel buffering up to {@code capacity} values (Go's {@code make(chan T, n)});
     * 0 makes a rendezvous channel.
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
        return count < buf.length || (capacity == UNBOUNDED && grow());
    }

    private boolean grow() {
        Object[] bigger = new Object[buf.length * 2];
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
    List<Waiter> afterSendLocked() {
        return oneshot ? closeLocked(null) : null;
    }

    /** After a oneshot's send, under the lock: close it and claim the waiters to wake. */
    private List<Waiter> closeLocked(Throwable c) {
        closed = true;
        cause = c;
        List<Waiter> waiters = recvq.claimAllClosing();
        waiters.addAll(sendq.claimAllClosing());
        return waiters;
    }

    private static void completeAll(List<Waiter> waiters) {
        for (Waiter w : waiters) {
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
        return doSend(value, Math.max(0, timeout.toNanos()));
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "channel values must not be null");
        lock.lock();
        return trySendLocked(value);
    }

    /**
     * {@link #trySend} for code that must not wait even for the channel's lock (a timer firing on
     * a scheduler thread): returns null, having done nothing, if another thread holds the lock
     * this instant; otherwise whether the value was sent.
     *
     * @throws ChanClosedException if the channel is closed
     */
    public Boolean trySendIfFree(T value) {
        Objects.requireNonNull(value, "channel values must not be null");
        return lock.tryLock() ? trySendLocked(value) : null;
    }

    /** With the lock held: a send that never blocks; releases the lock. */
    private boolean trySendLocked(T value) {
        if (closed) {
            lock.unlock();
            throw sendOnClosed();
        }
        Object r = sendLocked(value);
        List<Waiter> closing = r != null ? afterSendLocked() : null;
        lock.unlock();
        finishSend(r, closing);
        return r != null;
    }

    private boolean doSend(T value, long timeoutNanos) {
        Objects.requireNonNull(value, "channel values must not be null");
        lock.lock();
        if (closed) {
            lock.unlock();
            throw sendOnClosed();
        }
        Object r = sendLocked(value);
        if (r != null) {
            List<Waiter> closing = afterSendLocked();
            lock.unlock();
            finishSend(r, closing);
            return true;
        }
        if (timeoutNanos == 0) {
            lock.unlock();
            return false;
        }
        if (Context.current().canEnd()) {    // wait as a select that also ends with the context
            lock.unlock();
            SelectCase<T> c = SelectCase.send(this, value);
            return (timeoutNanos == FOREVER ? Select.select(c) : Select.select(Duration.ofNanos(timeoutNanos), c)) == 0;
        }
        Waiter w = new Waiter(value);
        if (!block(sendq, w, timeoutNanos, "send: the value was not sent")) {
            return false;
        }
        if (w.closed) {
            throw sendOnClosed();
        }
        return true;
    }

    /**
     * With the lock held: enqueues plain waiter {@code w} on {@code q}, unlocks and parks until a
     * counterpart or close completes it. On timeout or interrupt it unlinks {@code w} and returns false
     * (interrupt: throws), and nothing was transferred.
     */
    private boolean block(WaitQueue q, Waiter w, long timeoutNanos, String what) {
        q.add(w);
        lock.unlock();
        if (w.await(timeoutNanos)) {
            return true;
        }
        lock.lock();
        q.remove(w);
        lock.unlock();
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted while blocked in " + what);
        }
        return false;
    }

    static void finishSend(Object r, List<Waiter> closing) {
        if (r instanceof Selection receiver) {
            receiver.wake();
        }
        if (closing != null) {
            completeAll(closing);
        }
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
        return toReceived(doRecv(Math.max(0, timeout.toNanos())));
    }

    @SuppressWarnings("unchecked")
    private Received<T> toReceived(Object v) {
        return v == CLOSED ? Received.closed(closeCause()) : v == null ? Received.notReady() : Received.of((T) v);
    }

    /** A value, {@link #CLOSED}, or null when nothing came within the timeout. */
    private Object doRecv(long timeoutNanos) {
        lock.lock();
        Object r = recvLocked();
        if (r != null) {
            lock.unlock();
            return received(r);
        }
        if (timeoutNanos == 0) {
            lock.unlock();
            return null;
        }
        if (Context.current().canEnd()) {    // wait as a select that also ends with the context
            lock.unlock();
            SelectCase<T> c = SelectCase.recv(this);
            if ((timeoutNanos == FOREVER ? Select.select(c) : Select.select(Duration.ofNanos(timeoutNanos), c)) < 0) {
                return null;
            }
            Received<T> got = c.received();
            return got.isClosed() ? CLOSED : got.value();
        }
        Waiter w = new Waiter(null);
        if (!block(recvq, w, timeoutNanos, "receive: nothing was received")) {
            return null;
        }
        return w.closed ? CLOSED : w.received;
    }

    Throwable closeCause() {
        lock.lock();
        Throwable c = cause;
        lock.unlock();
        return c;
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
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("close of closed channel");
        }
        List<Waiter> waiters = closeLocked(cause);
        lock.unlock();
        completeAll(waiters);
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        boolean c = closed;
        lock.unlock();
        return c;
    }

    @Override
    public int len() {
        lock.lock();
        int n = count;
        lock.unlock();
        return n;
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
