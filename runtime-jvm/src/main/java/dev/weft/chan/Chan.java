package dev.weft.chan;

import dev.weft.internal.Blocking;
import dev.weft.internal.ChanAccess;
import dev.weft.internal.CurrentContext;
import dev.weft.internal.Nanos;
import dev.weft.internal.SpinLock;
import dev.weft.internal.TimerQueue;
import dev.weft.trace.GoroutineBlocked;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

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
 * @param <T> the element type
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {
    /*
     * Implementation overview.
     *
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
     *       waiter with the lock released (before its first look when the channel hints that it
     *       will wait, else after a look found it must, and then looks again), and a close
     *       chains the waiters it claims through their own links instead of collecting them in a
     *       new list. A buffer that grows allocates before it changes anything.</li>
     * </ul>
     */

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
    private final BufferOverflow overflow;
    /** Where values the channel took and will not deliver go; null: nowhere. */
    private final Consumer<Object> onUndelivered;
    /** What the channel is the {@code done} channel of ("a Promise"), for wait reasons; null for the others. */
    private final String doneOf;
    /** Null; the {@link #invokeOnClose} handler; {@link #CLOSED_UNHANDLED}; or {@link #HANDLED}. */
    private volatile Object closeHandler;
    /** Under the lock: the value the last {@link #sendLocked} dropped, for its caller to take. */
    private Object dropped;
    private Object[] buf;
    private int head;
    private int count;
    private boolean closed;
    private Throwable cause;

    private static final Object CLOSED_UNHANDLED = new Object();
    private static final Object HANDLED = new Object();
    private static final VarHandle CLOSE_HANDLER;

    static {
        ChanAccess.register(new ChanAccess.Operations() {
            @Override
            public Boolean trySendIfFree(Object chan, Object value) {
                return Chan.trySendIfFree(chan, value);
            }

            @Override
            public Object makeDone(String of) {
                return new Chan<>(0, false, BufferOverflow.BLOCK, null, of);
            }
        });
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLOSE_HANDLER = l.findVarHandle(Chan.class, "closeHandler", Object.class);
            // A send or receive can first wait at any depth of its caller's stack, where a static
            // initializer that overflows leaves its class unusable for ever: what waits and their
            // outcomes use is initialized with the first channel instead.
            l.ensureInitialized(Selection.class);
            l.ensureInitialized(Sent.class);
            l.ensureInitialized(Received.class);
            l.ensureInitialized(TimerQueue.class);
            l.ensureInitialized(Select.class);            // a wait under a context is a select
            l.ensureInitialized(ThreadLocalRandom.class); // whose order of cases is random
            GoroutineBlocked.prepare();                   // and what a recorded wait needs
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Chan(int capacity, boolean oneshot, BufferOverflow overflow, Consumer<? super T> onUndelivered, String doneOf) {
        this.doneOf = doneOf;
        this.capacity = capacity;
        this.oneshot = oneshot;
        this.overflow = overflow;
        this.onUndelivered = (Consumer<Object>) onUndelivered;
        int initial = Math.min(capacity, INITIAL_BUFFER);
        this.buf = initial == 0 ? null : new Object[initial];
    }

    /** A rendezvous channel (Go's {@code make(chan T)}): a send waits for a receiver. */
    public static <T> Chan<T> make() {
        return new Chan<>(0, false, BufferOverflow.BLOCK, null, null);
    }

    /**
     * A channel buffering up to {@code capacity} values (Go's {@code make(chan T, n)});
     * 0 makes a rendezvous channel. The buffer is allocated as it fills, so a large capacity
     * costs nothing until it is used.
     *
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <T> Chan<T> make(int capacity) {
        return Chan.<T>builder().capacity(capacity).build();
    }

    /** A channel whose buffer grows as needed: a send never blocks. */
    public static <T> Chan<T> unbounded() {
        return Chan.<T>builder().unbounded().build();
    }

    /**
     * A conflated channel (kotlinx's {@code CONFLATED}): a buffer of one whose send never
     * blocks and replaces the value not yet received, so a receiver gets the latest. Capacity 1,
     * {@link BufferOverflow#DROP_OLDEST}.
     */
    public static <T> Chan<T> conflated() {
        return Chan.<T>builder().capacity(1).overflow(BufferOverflow.DROP_OLDEST).build();
    }

    /**
     * A builder for a channel with options beyond the factories above.
     *
     * <pre>{@code
     * Chan<Buffer> ch = Chan.<Buffer>builder()
     *         .capacity(64)
     *         .overflow(BufferOverflow.DROP_OLDEST)
     *         .onUndeliveredElement(Buffer::release)    // nothing dropped is leaked
     *         .build();
     * }</pre>
     */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /**
     * Options of a channel: its capacity, what a send does when the buffer is full, and where
     * the values it drops go.
     *
     * @param <T> the element type
     */
    public static final class Builder<T> {
        private int capacity;
        private BufferOverflow overflow = BufferOverflow.BLOCK;
        private Consumer<? super T> onUndelivered;

        private Builder() {}

        /**
         * Buffers up to {@code capacity} values (0, the default: a rendezvous channel).
         *
         * @throws IllegalArgumentException if {@code capacity} is negative
         */
        public Builder<T> capacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("channel capacity must not be negative, but is " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /** A buffer that grows as needed: a send never blocks. */
        public Builder<T> unbounded() {
            this.capacity = UNBOUNDED;
            return this;
        }

        /** What a send does when the buffer is full ({@link BufferOverflow#BLOCK} by default). */
        public Builder<T> overflow(BufferOverflow overflow) {
            this.overflow = Objects.requireNonNull(overflow, "overflow");
            return this;
        }

        /**
         * Hands every value the channel took and will not deliver to {@code handler}, so that a
         * value holding a resource is never leaked (kotlinx's {@code onUndeliveredElement}):
         * what {@code cancel} discards, what an overflow policy drops, and the value of a send
         * (or of a select's send case) that ends with an exception. A send that reports its
         * outcome instead ({@code false}, {@link Sent}) leaves the value with its caller. The
         * handler runs in the thread of that operation, with no lock held; what it throws
         * reaches that thread (beside the operation's own exception, suppressed, if any).
         */
        public Builder<T> onUndeliveredElement(Consumer<? super T> handler) {
            this.onUndelivered = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * The channel.
         *
         * @throws IllegalArgumentException if an overflow policy that drops is asked of a
         *                                  rendezvous channel, which has no buffer to drop from
         */
        public Chan<T> build() {
            if (capacity == 0 && overflow != BufferOverflow.BLOCK) {
                throw new IllegalArgumentException("a rendezvous channel has no buffer to drop from: "
                        + overflow + " needs a capacity of at least 1");
            }
            return new Chan<>(capacity, false, overflow, onUndelivered, null);
        }
    }

    /**
     * A single-value channel: capacity 1, closed by its first send. Receivers get the value
     * once, then see the channel closed; a second send throws {@link ChanClosedException}.
     */
    public static <T> Chan<T> oneshot() {
        return new Chan<>(1, true, BufferOverflow.BLOCK, null, null);
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
        if (capacity > 0) {
            if (hasRoom()) {
                put(v);
                return DONE;
            }
            if (overflow == BufferOverflow.DROP_OLDEST) {
                dropped = take();
                put(v);
                return DONE;
            }
            if (overflow == BufferOverflow.DROP_LATEST) {
                dropped = v;
                return DONE;
            }
        }
        return null;
    }

    /** Under the lock, after {@link #sendLocked}: the value it dropped, if any (taken once). */
    Object droppedLocked() {
        Object d = dropped;
        dropped = null;
        return d;
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
        sendOrHandOver(value, FOREVER);
    }

    @Override
    public boolean send(T value, Duration timeout) {
        return sendOrHandOver(value, Nanos.ofTimeout(timeout)) == Sent.SENT;
    }

    @Override
    public Sent sendOrClosed(T value) {
        return doSend(value, FOREVER, false);
    }

    @Override
    public boolean trySend(T value) {
        Sent sent;
        try {
            sent = trySend(value, false);
        } catch (ChanClosedException e) {
            undelivered(value, e);
            throw e;
        }
        return sent == Sent.SENT;
    }

    @Override
    public Sent trySendOrClosed(T value) {
        try {
            return trySend(value, false);
        } catch (ChanClosedException e) {
            return Sent.CLOSED;
        }
    }

    /** {@link ChanAccess.Operations#trySendIfFree}, for Weft's timers. */
    @SuppressWarnings("unchecked")
    private static Boolean trySendIfFree(Object chan, Object value) {
        Sent sent = ((Chan<Object>) chan).trySend(value, true);
        return sent == null ? null : sent == Sent.SENT;
    }

    /**
     * A send that never blocks; with {@code ifFree}, one that gives up (null) if the lock is
     * taken. The lock is taken and released in this one method: a call between the two, outside
     * the {@code try}, could throw a StackOverflowError with the lock held.
     *
     * @throws ChanClosedException if the channel is closed (the caller decides about the value)
     */
    private Sent trySend(T value, boolean ifFree) {
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
        Object drop;
        try {
            if (closed) {
                throw sendOnClosed();
            }
            r = sendLocked(value);
            closing = r != null ? afterSendLocked() : null;
            drop = droppedLocked();
        } finally {
            try {
                lock.unlock();
            } catch (StackOverflowError overflow) {
                lock.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
        if (r == null) {
            return Sent.NOT_READY;
        }
        finishSend(r, closing, drop);
        return Sent.SENT;
    }

    /** A send that throws: one that ends with an exception hands its value over first. */
    private Sent sendOrHandOver(T value, long timeoutNanos) {
        try {
            return doSend(value, timeoutNanos, true);
        } catch (ChanClosedException | CancellationException e) {
            undelivered(value, e);
            throw e;
        }
    }

    /**
     * Sends, waiting at most {@code timeoutNanos} ({@link #FOREVER}: no limit): SENT, or
     * NOT_READY when the time ran out. A closed channel throws with {@code closedThrows}, else
     * is CLOSED.
     */
    private Sent doSend(T value, long timeoutNanos, boolean closedThrows) {
        Objects.requireNonNull(value, "channel values must not be null");
        // Allocated unlocked: before the first attempt if the send looks bound to wait, so that
        // it locks once; else once an attempt has found it must.
        Waiter w = timeoutNanos != 0 && sendLooksBlocked() && CurrentContext.current() == null
                ? new Waiter(this, value) : null;
        for (;;) {
            Object r;
            Waiter closing = null;
            Object drop = null;
            boolean isClosed;
            lock.lock();
            try {
                isClosed = closed;
                r = isClosed ? null : sendLocked(value);
                if (r != null) {
                    closing = afterSendLocked();
                    drop = droppedLocked();
                } else if (w != null && !isClosed) {
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
            if (isClosed) {
                return closed(closedThrows);
            }
            if (r != null) {
                finishSend(r, closing, drop);
                return Sent.SENT;
            }
            if (w != null) {
                break;                       // enqueued
            }
            if (timeoutNanos == 0) {
                return Sent.NOT_READY;
            }
            if (CurrentContext.current() != null) {   // wait as a select that also ends with the context
                SelectCase<?>[] c = {SelectCase.send(this, value)};
                try {
                    return Select.run(c, timeoutNanos, true) == 0 ? Sent.SENT : Sent.NOT_READY;
                } catch (ChanClosedException e) {
                    if (closedThrows) {
                        throw e;
                    }
                    return Sent.CLOSED;
                }
            }
            w = new Waiter(this, value);     // then look again: a receiver may have come meanwhile
        }
        if (!await(sendq, w, timeoutNanos, "channel send")) {
            return Sent.NOT_READY;
        }
        return w.closed ? closed(closedThrows) : Sent.SENT;
    }

    /*
     * Racy reads, without the lock, of what a send or receive on a rendezvous channel would
     * find: hints only, so that an operation that will wait allocates its waiter before it locks
     * and takes the lock once rather than twice. The locked attempt decides; a wrong hint costs
     * a waiter allocated in vain or one more locked attempt (as with no hint). Buffered channels
     * take no hint: their producers and consumers often run on different cores, and reading the
     * count there would move its cache line once more per operation.
     */

    /** Whether a send on a rendezvous channel would wait now: nobody receiving. */
    private boolean sendLooksBlocked() {
        return capacity == 0 && recvq.looksEmpty();
    }

    /** Whether a receive from a rendezvous channel would wait now: nobody sending. */
    private boolean recvLooksBlocked() {
        return capacity == 0 && sendq.looksEmpty();
    }

    /** A send found the channel closed: throws, or says so. */
    private Sent closed(boolean closedThrows) {
        if (closedThrows) {
            throw sendOnClosed();
        }
        return Sent.CLOSED;
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
        unqueue(q, w);
        if (Thread.currentThread().isInterrupted()) {
            throw Blocking.interrupted(what);
        }
        return false;
    }

    /** Unlinks a waiter that was cancelled before any counterpart claimed it. */
    private void unqueue(WaitQueue q, Waiter w) {
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
    }

    /** {@link ChanFuture}: unlinks its abandoned waiter from the send or the receive queue. */
    void unqueue(Waiter w, boolean sender) {
        unqueue(sender ? sendq : recvq, w);
    }

    /**
     * After a send completed and the lock was released: wakes the receiver it gave its value
     * to, and the waiters a oneshot's close claimed; runs the close handler of a oneshot it
     * closed; hands over the value an overflow policy dropped.
     */
    void finishSend(Object r, Waiter closing, Object drop) {
        if (r instanceof Selection receiver) {
            receiver.wake();
        }
        if (oneshot) {
            wakeAll(closing);
            runCloseHandler(null);
        }
        if (drop != null) {
            undelivered(drop, null);
        }
    }

    /**
     * Hands {@code v}, which the channel took and will not deliver, to the undelivered-element
     * handler. What the handler throws joins {@code primary} (the failed operation's own
     * exception) as suppressed; without one, it propagates.
     */
    void undelivered(Object v, Throwable primary) {
        Consumer<Object> h = onUndelivered;
        if (h == null) {
            return;
        }
        try {
            h.accept(v);
        } catch (RuntimeException | Error e) {
            if (primary == null) {
                throw e;
            }
            primary.addSuppressed(e);
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
        return toReceived(doRecv(Nanos.ofTimeout(timeout)));
    }

    @SuppressWarnings("unchecked")
    private Received<T> toReceived(Object v) {
        return v == CLOSED ? Received.closed(closeCause()) : v == null ? Received.notReady() : Received.of((T) v);
    }

    /** A value, {@link #CLOSED}, or null when nothing came within the timeout. */
    private Object doRecv(long timeoutNanos) {
        // Allocated unlocked, as doSend's.
        Waiter w = timeoutNanos != 0 && recvLooksBlocked() && CurrentContext.current() == null
                ? new Waiter(this, null) : null;
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
                if (Select.run(new SelectCase<?>[] {c}, timeoutNanos, true) < 0) {
                    return null;
                }
                Received<T> got = c.received();
                return got.isClosed() ? CLOSED : got.value();
            }
            w = new Waiter(this, null);      // then look again, as doSend does
        }
        if (!await(recvq, w, timeoutNanos, "channel receive")) {
            return null;
        }
        return w.closed ? CLOSED : w.received;
    }

    // ---------------------------------------------------------------- asynchronous forms

    @Override
    public CompletableFuture<Void> sendAsync(T value) {
        Objects.requireNonNull(value, "channel values must not be null");
        ChanFuture<Void> f = new ChanFuture<>(this, value, ChanFuture.SEND);   // allocated unlocked
        Object r;
        Waiter closing = null;
        Object drop = null;
        boolean isClosed;
        lock.lock();
        try {
            isClosed = closed;
            r = isClosed ? null : sendLocked(value);
            if (r != null) {
                closing = afterSendLocked();
                drop = droppedLocked();
            } else if (!isClosed) {
                sendq.add(f.waiter);
            }
        } finally {
            try {
                lock.unlock();
            } catch (StackOverflowError overflow) {
                lock.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
        if (isClosed) {
            f.sendFailed();
        } else if (r != null) {
            f.completedAtOnce(null);
            finishSend(r, closing, drop);
        }
        return f;
    }

    @Override
    public CompletableFuture<T> recvAsync() {
        return recvAsync(ChanFuture.RECV);
    }

    @Override
    public CompletableFuture<Received<T>> recvOrClosedAsync() {
        return recvAsync(ChanFuture.RECV_OR_CLOSED);
    }

    private <R> CompletableFuture<R> recvAsync(int kind) {
        ChanFuture<R> f = new ChanFuture<>(this, null, kind);   // allocated unlocked
        Object r;
        lock.lock();
        try {
            r = recvLocked();
            if (r == null) {
                recvq.add(f.waiter);
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
            f.completedAtOnce(received(r));
        }
        return f;
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
        runCloseHandler(cause);
    }

    @Override
    public void cancel() {
        cancel(null);
    }

    @Override
    public void cancel(Throwable cause) {
        Waiter waiters = null;
        boolean closedNow;
        Object[] discarded;
        int first;
        int n;
        Throwable c = cause;
        if (c == null) {
            c = new CancellationException("channel cancelled");   // allocated before locking
        }
        lock.lock();
        try {
            closedNow = !closed;
            if (closedNow) {
                waiters = closeLocked(c);
            }
            discarded = buf;                 // the buffer leaves whole: nothing to allocate here
            first = head;
            n = count;
            if (n > 0) {
                buf = null;                  // closed, so no send will ask for room again
                head = 0;
                count = 0;
            }
        } finally {
            try {
                lock.unlock();
            } catch (StackOverflowError overflow) {
                lock.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
        wakeAll(waiters);
        Throwable failure = null;
        try {
            if (closedNow) {
                runCloseHandler(c);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int i = 0; i < n; i++) {
            try {
                undelivered(discarded[(first + i) % discarded.length], null);
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void invokeOnClose(Consumer<? super Throwable> handler) {
        Objects.requireNonNull(handler, "handler");
        for (;;) {
            Object h = closeHandler;
            if (h == null) {
                if (CLOSE_HANDLER.compareAndSet(this, null, handler)) {
                    return;                  // the close to come runs it
                }
            } else if (h == CLOSED_UNHANDLED) {
                if (CLOSE_HANDLER.compareAndSet(this, CLOSED_UNHANDLED, HANDLED)) {
                    handler.accept(closeCause());
                    return;
                }
            } else {
                throw new IllegalStateException("the channel already has a close handler");
            }
        }
    }

    /**
     * After the close (by whichever operation) and with the lock released: runs the registered
     * close handler, or records that none was there, so that one registered later runs at once.
     */
    @SuppressWarnings("unchecked")
    private void runCloseHandler(Throwable cause) {
        for (;;) {
            Object h = closeHandler;
            if (h == CLOSED_UNHANDLED || h == HANDLED) {
                return;
            }
            Object next = h == null ? CLOSED_UNHANDLED : HANDLED;
            if (CLOSE_HANDLER.compareAndSet(this, h, next)) {
                if (h != null) {
                    ((Consumer<Object>) h).accept(cause);
                }
                return;
            }
        }
    }

    @Override
    public boolean isClosedForReceive() {
        return state() == CLOSED_BIT;               // closed, and nothing buffered
    }

    private static final long CLOSED_BIT = 1L << 32;

    /** Whether closed ({@link #CLOSED_BIT}) and how many values are buffered, read together under the lock. */
    private long state() {
        lock.lock();
        try {
            return (closed ? CLOSED_BIT : 0) | count;
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
    public boolean isClosed() {
        return (state() & CLOSED_BIT) != 0;
    }

    @Override
    public int len() {
        return (int) state();
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
                return next.isOk();
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

    /**
     * {@code "Chan#12[cap=0]"}: the channel's identity, without taking its lock; a promise's or a
     * context's {@code done} channel says so ({@code "Chan#12[cap=0, done of a Promise]"}).
     */
    String describe() {
        return "Chan#" + id + "[" + kind() + owner() + "]";
    }

    @Override
    public String toString() {
        return "Chan#" + id + "[" + kind() + ", len=" + len() + (isClosed() ? ", closed" : "") + owner() + "]";
    }

    private String kind() {
        return oneshot ? "oneshot" : capacity == UNBOUNDED ? "unbounded" : "cap=" + capacity;
    }

    private String owner() {
        return doneOf == null ? "" : ", done of " + doneOf;
    }
}
