package dev.weft.chan;

import dev.weft.internal.Blocking;
import dev.weft.internal.CurrentContext;
import dev.weft.internal.Nanos;
import dev.weft.internal.SpinLock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Go's {@code select}: waits until one of several channel operations can proceed, performs
 * exactly that one, and returns its index.
 *
 * <pre>{@code
 * SelectCase<Job> job = SelectCase.recv(jobs);
 * SelectCase<Result> out = SelectCase.send(results, pending);
 * switch (Select.select(job, out)) {
 *     case 0 -> handle(job.received().value());
 *     case 1 -> pending = next();
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Exactly one case completes; a case that loses never consumes, duplicates or drops a
 *       value.</li>
 *   <li>When several cases are ready, one is chosen uniformly at random, so none starves.</li>
 *   <li>A receive case on a closed channel fires, with {@link Received#isClosed()}; a send case
 *       on a closed channel throws {@link ChanClosedException} (Go panics).</li>
 *   <li>A case on a {@code null} channel never fires; with only such cases, {@link #select}
 *       blocks forever (as Go), {@link #trySelect} returns -1.</li>
 *   <li>{@link #trySelect} is a select with a {@code default} case: -1 when nothing is ready.
 *       {@link #select(Duration, SelectCase[])} adds a timeout case: -1 when it expires.</li>
 *   <li>A select that waits follows Weft's rule for blocking operations (see the
 *       {@link dev.weft} package): an interrupt abandons it with
 *       {@link CancellationException}, the end of the current context with its
 *       {@code ContextException}; either way no case completed.</li>
 *   <li>A {@code null} element of {@code cases} is a {@link NullPointerException}; a case on a
 *       null channel is {@code SelectCase.recv(null)}.</li>
 * </ul>
 */
public final class Select {
    /*
     * Implementation overview.
     *
     * Go's {@code selectgo}. The channels are locked in ascending {@link Chan#id} order (each once,
     * however many cases use it), so two selects cannot deadlock. The cases are polled in a random
     * permutation; the first that can proceed completes while the locks are held. Otherwise one
     * {@link Waiter} per case is enqueued, all sharing one {@link Selection}, the locks are
     * released and the thread parks. A counterpart (or close) that claims any of those waiters wins
     * the selection's single CAS and completes that case; the others become stale. On waking, the
     * thread locks the channels again and unlinks its remaining waiters. A timeout or an interrupt
     * races for the same CAS, so a late counterpart can never complete a cancelled select.
     *
     * An asynchronous select (selectAsync) is the same up to the enqueue, with a selection whose
     * wake-up, instead of unparking a thread, makes the claimer (after it released its lock)
     * unlink the remaining waiters and complete the future (SelectFuture); an outside completion
     * of the future races for the same CAS, as a timeout does.
     */

    private static final long FOREVER = -1;

    private Select() {}

    /**
     * Blocks until one case can proceed, performs it and returns its index.
     *
     * @throws ChanClosedException if the chosen case is a send on a closed channel
     */
    public static int select(SelectCase<?>... cases) {
        return runOrHandOver(cases, FOREVER, true);
    }

    /**
     * Performs one ready case and returns its index, or returns -1 at once if none is ready:
     * Go's select with a {@code default} case.
     */
    public static int trySelect(SelectCase<?>... cases) {
        return runOrHandOver(cases, 0, true);
    }

    /**
     * As {@link #select(Duration, SelectCase[])}, but biased: the cases are polled in index
     * order, so when several are ready the first wins (kotlinx.coroutines' {@code select};
     * Go's is fair, as {@link #select} is). A priority select: an earlier case always goes
     * first, and a later one may starve while it stays ready. A zero or negative timeout makes
     * it non-blocking ({@code -1} if nothing is ready); one too long to count waits as long as
     * it takes.
     */
    public static int selectBiased(Duration timeout, SelectCase<?>... cases) {
        return runOrHandOver(cases, Nanos.ofTimeout(timeout), false);
    }

    /**
     * As {@link #select(SelectCase[])}, but gives up after {@code timeout}, returning -1:
     * Go's {@code case <-time.After(timeout)}.
     */
    public static int select(Duration timeout, SelectCase<?>... cases) {
        return runOrHandOver(cases, Nanos.ofTimeout(timeout), true);
    }

    /**
     * {@link #run}, and if the select ends with an exception (a closed channel's send case, a
     * cancelled wait), every send case's value goes to its channel's undelivered-element
     * handler: none of them was sent.
     */
    private static int runOrHandOver(SelectCase<?>[] cases, long timeoutNanos, boolean randomOrder) {
        try {
            return run(cases, timeoutNanos, randomOrder);
        } catch (ChanClosedException | CancellationException e) {
            handOver(cases, e);
            throw e;
        }
    }

    /** A select that sent nothing: every send case's value goes to its channel's undelivered-element handler. */
    static void handOver(SelectCase<?>[] cases, RuntimeException why) {
        for (SelectCase<?> c : cases) {
            if (c.send && c.chan != null) {
                c.chan.undelivered(c.value, why);
            }
        }
    }

    /**
     * Go's {@code select} without a waiting thread: performs one case, as {@link #select} does,
     * and completes the returned future with its index. When no case is ready, one waiter per
     * case is queued on its channel, and the counterpart or close that completes one of them
     * completes the future. No thread waits, so no context is observed: add a case on
     * {@code ctx.done()} for that.
     *
     * <pre>{@code
     * SelectCase<Job> job = SelectCase.recv(jobs);
     * Select.selectAsync(job, SelectCase.recv(quit))
     *       .orTimeout(1, TimeUnit.SECONDS)
     *       .thenAccept(i -> { if (i == 0) handle(job.received().value()); });
     * }</pre>
     *
     * <ul>
     *   <li>Completing the future from outside ({@code cancel}, {@code complete},
     *       {@code completeExceptionally}, and so {@code orTimeout}) abandons the select if no
     *       case has completed yet: then no case completes, and every send case's value goes to
     *       its channel's undelivered-element handler. If a case completed first, that
     *       completion fails and the future completes with the case: a value taken from a
     *       channel is never dropped.</li>
     *   <li>A send case on a closed channel completes the future with
     *       {@link ChanClosedException}.</li>
     *   <li>Dependent actions run on the thread that completed the future (the counterpart's),
     *       or on a new virtual thread when that is one of Weft's own threads.</li>
     * </ul>
     */
    public static CompletableFuture<Integer> selectAsync(SelectCase<?>... cases) {
        return selectAsync(true, cases);
    }

    /**
     * As {@link #selectAsync}, but biased: the cases are polled in index order, so when several
     * are ready the first wins.
     */
    public static CompletableFuture<Integer> selectBiasedAsync(SelectCase<?>... cases) {
        return selectAsync(false, cases);
    }

    private static CompletableFuture<Integer> selectAsync(boolean randomOrder, SelectCase<?>[] cases) {
        checkCases(cases);
        SelectFuture f = new SelectFuture(cases, lockOrder(cases));
        int i;
        try {
            i = run(cases, FOREVER, randomOrder, f);
        } catch (ChanClosedException e) {
            f.failed(e);
            return f;
        }
        if (i != QUEUED) {
            f.completedAtOnce(i);
        }
        return f;
    }

    private static void checkCases(SelectCase<?>[] cases) {
        for (int i = 0; i < cases.length; i++) {
            if (cases[i] == null) {
                throw new NullPointerException("select case " + i + " is null (a case on a null channel is SelectCase.recv(null))");
            }
        }
    }

    /**
     * When the select would block, it also ends with the thread's current context, if that can
     * end: a receive case on its done channel is added after the caller's cases.
     */
    static int run(SelectCase<?>[] userCases, long timeoutNanos, boolean randomOrder) {
        return run(userCases, timeoutNanos, randomOrder, null);
    }

    /**
     * {@link #run(SelectCase[], long, boolean)}, or with {@code async} non-null, the start of an
     * asynchronous select: one that would wait queues {@code async}'s waiters instead, and
     * returns {@link #QUEUED}; the selection's claimer then completes it (see {@link SelectFuture}).
     * An asynchronous select observes no thread's context: no thread waits.
     */
    static int run(SelectCase<?>[] userCases, long timeoutNanos, boolean randomOrder, SelectFuture async) {
        if (timeoutNanos >= Nanos.MAX_WAIT) {
            timeoutNanos = FOREVER;              // as long as it takes: no timer at all
        }
        int n = userCases.length;
        checkCases(userCases);
        CurrentContext.View current = timeoutNanos == 0 || async != null ? null : CurrentContext.current();
        SelectCase<?>[] cases = current == null ? userCases : withContext(userCases, current);
        for (SelectCase<?> c : cases) {
            c.reset();
        }
        Chan<?>[] locks = async != null ? async.locks : lockOrder(cases);   // an asynchronous select has no context case
        int[] order = randomOrder ? permutation(n) : identity(n);
        Selection sel = null;                // allocated (unlocked) once the select must wait
        Waiter[] waiters = null;
        for (;;) {
            int ready = -1;
            Object r = null;
            Waiter closing = null;
            Object drop = null;
            Throwable cause = null;
            int endedContext = -1;
            lockAll(locks);
            try {
                for (int i : order) {
                    SelectCase<?> c = cases[i];
                    if (c.chan == null) {
                        continue;
                    }
                    if (c.send) {
                        if (c.chan.closedLocked()) {
                            throw c.chan.sendOnClosed();
                        }
                        r = c.chan.sendLocked(c.value);
                        if (r != null) {
                            closing = c.chan.afterSendLocked();   // a oneshot closes
                            drop = c.chan.droppedLocked();
                            ready = i;
                            break;
                        }
                    } else {
                        r = c.chan.recvLocked();
                        if (r != null) {
                            cause = r == Chan.CLOSED ? c.chan.closeCauseLocked() : null;
                            ready = i;
                            break;
                        }
                    }
                }
                if (ready < 0 && timeoutNanos != 0) {
                    for (int i = n; i < cases.length && endedContext < 0; i++) {
                        if (cases[i].chan.closedLocked()) {   // a context ended: only now that we would block
                            endedContext = i;
                        }
                    }
                    if (endedContext < 0 && sel != null) {
                        enqueue(cases, order, n, sel, waiters);
                    }
                }
            } finally {
                StackOverflowError overflow;
                try {
                    overflow = unlockAll(locks);
                } catch (StackOverflowError e) {
                    for (Chan<?> c : locks) {
                        c.lock.locked = 0;       // see unlockAll
                    }
                    throw e;
                }
                if (overflow != null) {
                    throw overflow;
                }
            }
            if (ready >= 0) {
                SelectCase<?> c = cases[ready];
                if (c.send) {
                    c.chan.finishSend(r, closing, drop);
                } else {
                    fire(c, Chan.received(r), cause);
                }
                return ready;
            }
            if (timeoutNanos == 0) {
                return -1;
            }
            if (endedContext >= 0) {
                throw contextEnded(current);
            }
            if (sel != null) {
                break;                       // enqueued
            }
            if (async != null) {
                sel = async.selection;
                waiters = async.waiters;
            } else {
                Blocked blocked = new Blocked(Thread.currentThread());
                waiters = waiters(cases, blocked);
                blocked.waiters = waiters;       // plain: published with the waiters, by the channel locks
                sel = blocked;
            }
            // then look again: a counterpart may have come meanwhile
        }
        if (async != null) {
            return QUEUED;
        }
        boolean completed = sel.await(timeoutNanos);
        if (!completed && Thread.currentThread().isInterrupted()) {
            unqueue(cases, locks, waiters);
            throw Blocking.interrupted("select");
        }
        if (completed && sel.winner() >= n) {
            unqueue(cases, locks, waiters);
            throw contextEnded(current);
        }
        return finish(cases, locks, waiters, sel);
    }

    /** What {@link #run(SelectCase[], long, boolean, SelectFuture)} returns when it queued an asynchronous select's waiters. */
    static final int QUEUED = -2;

    /**
     * The selection of a select that blocks a thread: the object it parks on, so
     * {@code Scheduler.dump()} and a debugger name what it waits for: {@code select (chan receive on
     * Chan#3[cap=0], chan send on Chan#4[cap=1])}, or Go's {@code select (no cases)} when every
     * channel is nil.
     */
    private static final class Blocked extends Selection {
        /** Its waiters, one per case (null for a nil channel); set before they are queued. */
        Waiter[] waiters;

        Blocked(Thread thread) {
            super(thread, false);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("select (");
            Waiter[] ws = waiters;
            int named = 0;
            for (int i = 0; ws != null && i < ws.length; i++) {
                if (ws[i] != null) {
                    sb.append(named++ == 0 ? "" : ", ").append(ws[i]);
                }
            }
            return sb.append(named == 0 ? "no cases)" : ")").toString();
        }
    }

    /** One waiter per case of {@code cases} on a channel, sharing {@code sel}; null for a case on a null channel. */
    static Waiter[] waiters(SelectCase<?>[] cases, Selection sel) {
        Waiter[] waiters = new Waiter[cases.length];
        for (int i = 0; i < cases.length; i++) {
            SelectCase<?> c = cases[i];
            if (c.chan != null) {
                waiters[i] = new Waiter(sel, i, c.chan, c.send ? c.value : null);
            }
        }
        return waiters;
    }

    /**
     * After the selection of a select that waited was decided, or cancelled: unlinks its
     * waiters, and returns the case that completed (firing a receive case), or -1 if none did.
     *
     * @throws ChanClosedException if the case that completed is a send on a closed channel
     */
    static int finish(SelectCase<?>[] cases, Chan<?>[] locks, Waiter[] waiters, Selection sel) {
        int winner = sel.winner();
        boolean completed = winner >= 0;
        Waiter won = completed ? waiters[winner] : null;
        Throwable cause = unqueue(cases, locks, waiters, won);
        if (!completed) {
            return -1;
        }
        SelectCase<?> c = cases[winner];
        if (c.send) {
            if (won.closed) {
                throw new ChanClosedException("send on closed channel", cause);
            }
        } else {
            fire(c, won.closed ? Chan.CLOSED : won.received, cause);
        }
        return winner;
    }

    /** Unlinks every waiter of a select that waited. */
    static void unqueue(SelectCase<?>[] cases, Chan<?>[] locks, Waiter[] waiters) {
        unqueue(cases, locks, waiters, null);
    }

    /**
     * Unlinks every waiter of a select that waited; returns the cause its channel was closed
     * with when {@code won}, the waiter that completed, completed because its channel closed.
     */
    private static Throwable unqueue(SelectCase<?>[] cases, Chan<?>[] locks, Waiter[] waiters, Waiter won) {
        Throwable cause = null;
        lockAll(locks);
        try {
            for (int i = 0; i < cases.length; i++) {
                if (waiters[i] != null) {
                    SelectCase<?> c = cases[i];
                    (c.send ? c.chan.sendq : c.chan.recvq).remove(waiters[i]);
                }
            }
            if (won != null && won.closed) {
                cause = won.chan.closeCauseLocked();
            }
        } finally {
            StackOverflowError overflow;
            try {
                overflow = unlockAll(locks);
            } catch (StackOverflowError e) {
                for (Chan<?> c : locks) {
                    c.lock.locked = 0;       // see unlockAll
                }
                throw e;
            }
            if (overflow != null) {
                throw overflow;
            }
        }
        return cause;
    }

    /**
     * Under every case's lock: queues each case's waiter on its channel, in random order (a
     * counterpart takes the first it finds, so no case is favoured when we block), then arms
     * the selection. Until it is armed no counterpart can claim a waiter, so an Error part-way
     * (a StackOverflowError in one of the calls) leaves only stale waiters, never one that
     * could take a value nobody will read.
     */
    private static void enqueue(SelectCase<?>[] cases, int[] order, int n, Selection sel, Waiter[] waiters) {
        for (int i : order) {
            SelectCase<?> c = cases[i];
            if (c.chan != null) {
                (c.send ? c.chan.sendq : c.chan.recvq).add(waiters[i]);
            }
        }
        for (int i = n; i < cases.length; i++) {
            cases[i].chan.recvq.add(waiters[i]);
        }
        sel.arm();
    }

    /** {@code cases} followed by a receive case on the done channel of {@code ctx}. */
    private static SelectCase<?>[] withContext(SelectCase<?>[] cases, CurrentContext.View ctx) {
        SelectCase<?>[] all = Arrays.copyOf(cases, cases.length + 1);
        all[cases.length] = SelectCase.recv((Chan<?>) ctx.done());
        return all;
    }

    /** The exception for a select ended by {@code ctx}, whose done case fired. */
    private static RuntimeException contextEnded(CurrentContext.View ctx) {
        try {
            ctx.throwIfDone();
        } catch (RuntimeException e) {
            return e;
        }
        throw new IllegalStateException("a context's done channel closed while it had not ended");
    }

    @SuppressWarnings("unchecked")
    private static <T> void fire(SelectCase<T> c, Object v, Throwable cause) {
        c.fired(v == Chan.CLOSED ? Received.closed(cause) : Received.of((T) v));
    }

    /** The distinct channels of {@code cases}, in lock order. */
    private static Chan<?>[] lockOrder(SelectCase<?>[] cases) {
        Chan<?>[] chans = new Chan<?>[cases.length];
        int n = 0;
        for (SelectCase<?> c : cases) {
            if (c.chan != null) {
                chans[n++] = c.chan;
            }
        }
        if (n == 2 && chans[0].id > chans[1].id) {
            Chan<?> t = chans[0];
            chans[0] = chans[1];
            chans[1] = t;
        } else if (n > 2) {
            Arrays.sort(chans, 0, n, (a, b) -> Long.compare(a.id, b.id));
        }
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || chans[distinct - 1] != chans[i]) {
                chans[distinct++] = chans[i];
            }
        }
        return distinct == chans.length ? chans : Arrays.copyOf(chans, distinct);
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static int[] permutation(int n) {
        int[] order = new int[n];
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            int j = rnd.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return order;
    }

    /** Locks every channel in order; if that fails part-way (an Error), unlocks those it locked. */
    private static void lockAll(Chan<?>[] chans) {
        int locked = 0;
        try {
            for (; locked < chans.length; locked++) {
                chans[locked].lock.lock();
            }
        } catch (Throwable t) {
            while (--locked >= 0) {
                chans[locked].lock.locked = 0;   // field stores, as in unlockAll
            }
            throw t;
        }
    }

    /**
     * Unlocks every channel; returns, without throwing, the StackOverflowError that an
     * {@code unlock()} call threw, if one did (that lock was then released by a field store,
     * see {@code SpinLock}). It can throw only on entry, having released nothing: the callers'
     * handlers then release every lock by field stores.
     */
    private static StackOverflowError unlockAll(Chan<?>[] chans) {
        StackOverflowError overflow = null;
        for (int i = chans.length - 1; i >= 0; i--) {
            SpinLock lock = chans[i].lock;
            try {
                lock.unlock();
            } catch (StackOverflowError e) {
                lock.locked = 0;
                overflow = e;
            }
        }
        return overflow;
    }
}
