package dev.weft.chan;

import java.time.Duration;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
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
 *   <li>Interrupting the blocked thread abandons the select (no case completes) and throws
 *       {@link CancellationException}; the interrupt status stays set.</li>
 * </ul>
 *
 * <h2>Implementation overview</h2>
 * Go's {@code selectgo}. The channels are locked in ascending {@link Chan#id} order (each once,
 * however many cases use it), so two selects cannot deadlock. The cases are polled in a random
 * permutation; the first that can proceed completes while the locks are held. Otherwise one
 * {@link Waiter} per case is enqueued, all sharing one {@link Selection}, the locks are
 * released and the thread parks. A counterpart (or close) that claims any of those waiters wins
 * the selection's single CAS and completes that case; the others become stale. On waking, the
 * thread locks the channels again and unlinks its remaining waiters. A timeout or an interrupt
 * races for the same CAS, so a late counterpart can never complete a cancelled select.
 */
public final class Select {
    private static final long FOREVER = -1;

    private Select() {}

    /**
     * Blocks until one case can proceed, performs it and returns its index.
     *
     * @throws ChanClosedException if the chosen case is a send on a closed channel
     */
    public static int select(SelectCase<?>... cases) {
        return run(cases, FOREVER, true, null);
    }

    /**
     * Performs one ready case and returns its index, or returns -1 at once if none is ready:
     * Go's select with a {@code default} case.
     */
    public static int trySelect(SelectCase<?>... cases) {
        return run(cases, 0, true, null);
    }

    /**
     * {@link #trySelect} polling the cases in index order instead of a random one: a
     * deterministic select, for model checkers whose sequential specification must be.
     */
    static int trySelectInOrder(SelectCase<?>... cases) {
        return run(cases, 0, false, null);
    }

    /**
     * As {@link #select(SelectCase[])}, but gives up after {@code timeout}, returning -1:
     * Go's {@code case <-time.After(timeout)}.
     */
    public static int select(Duration timeout, SelectCase<?>... cases) {
        return run(cases, Math.max(0, timeout.toNanos()), true, null);
    }

    /**
     * As {@link #select(SelectCase[])}, but also ends when {@code ctx} does: Go's
     * {@code case <-ctx.Done(): return ctx.Err()}. With no cases it waits for {@code ctx} alone.
     *
     * @throws ContextException if {@code ctx} has ended, or ends before a case completes; no
     *                          case completed
     */
    public static int select(Context ctx, SelectCase<?>... cases) {
        return run(cases, FOREVER, true, Objects.requireNonNull(ctx, "ctx"));
    }

    /**
     * As {@link #select(Context, SelectCase[])}, but gives up after {@code timeout}, returning -1.
     *
     * @throws ContextException if {@code ctx} has ended, or ends before a case completes
     */
    public static int select(Context ctx, Duration timeout, SelectCase<?>... cases) {
        return run(cases, Math.max(0, timeout.toNanos()), true, Objects.requireNonNull(ctx, "ctx"));
    }

    /**
     * @param given the explicit context of the call, or null; when the select would block, it
     *              also ends with the thread's {@link Context#current() current} context
     */
    private static int run(SelectCase<?>[] userCases, long timeoutNanos, boolean randomOrder, Context given) {
        if (given != null) {
            given.throwIfDone();
        }
        int n = userCases.length;
        SelectCase<?>[] cases = timeoutNanos == 0 ? userCases : withContexts(userCases, given);
        for (SelectCase<?> c : cases) {
            c.reset();
        }
        Chan<?>[] locks = lockOrder(cases);
        int[] order = randomOrder ? permutation(n) : identity(n);
        lockAll(locks);
        for (int i : order) {
            SelectCase<?> c = cases[i];
            if (c.chan == null) {
                continue;
            }
            if (c.send) {
                if (c.chan.closedLocked()) {
                    ChanClosedException e = c.chan.sendOnClosed();
                    unlockAll(locks);
                    throw e;
                }
                Object r = c.chan.sendLocked(c.value);
                if (r != null) {
                    List<Waiter> closing = c.chan.afterSendLocked();   // a oneshot closes
                    unlockAll(locks);
                    Chan.finishSend(r, closing);
                    return i;
                }
            } else {
                Object r = c.chan.recvLocked();
                if (r != null) {
                    Throwable cause = r == Chan.CLOSED ? c.chan.closeCauseLocked() : null;
                    unlockAll(locks);
                    fire(c, Chan.received(r), cause);
                    return i;
                }
            }
        }
        if (timeoutNanos == 0) {
            unlockAll(locks);
            return -1;
        }
        for (int i = n; i < cases.length; i++) {
            if (cases[i].chan.closedLocked()) { // a context ended: only now that we would block
                unlockAll(locks);
                throw contextEnded(cases, i, given);
            }
        }
        Selection sel = new Selection(Thread.currentThread());
        Waiter[] waiters = new Waiter[cases.length];
        for (int i : order) {                // random order: a counterpart takes the first it
            SelectCase<?> c = cases[i];      // finds, so no case is favoured when we block
            if (c.chan != null) {
                waiters[i] = new Waiter(sel, i, c.value);
                (c.send ? c.chan.sendq : c.chan.recvq).add(waiters[i]);
            }
        }
        for (int i = n; i < cases.length; i++) {
            waiters[i] = new Waiter(sel, i, null);
            cases[i].chan.recvq.add(waiters[i]);
        }
        unlockAll(locks);
        boolean completed = sel.await(timeoutNanos);
        lockAll(locks);
        for (int i = 0; i < cases.length; i++) {
            if (waiters[i] != null) {
                SelectCase<?> c = cases[i];
                (c.send ? c.chan.sendq : c.chan.recvq).remove(waiters[i]);
            }
        }
        int winner = sel.winner();
        Waiter won = completed ? waiters[winner] : null;
        Throwable cause = completed && won.closed ? cases[winner].chan.closeCauseLocked() : null;
        unlockAll(locks);
        if (!completed) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("interrupted while blocked in select: no case completed");
            }
            return -1;
        }
        if (winner >= n) {
            throw contextEnded(cases, winner, given);
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

    /**
     * {@code cases} followed by a receive case on the {@code done()} channel of each context
     * that can end the call: {@code given}, and the current context if it is another.
     */
    private static SelectCase<?>[] withContexts(SelectCase<?>[] cases, Context given) {
        Context current = Context.current();
        boolean addGiven = given != null && given.canEnd();
        boolean addCurrent = current != given && current.canEnd();
        if (!addGiven && !addCurrent) {
            return cases;
        }
        SelectCase<?>[] all = Arrays.copyOf(cases, cases.length + (addGiven ? 1 : 0) + (addCurrent ? 1 : 0));
        int i = cases.length;
        if (addGiven) {
            all[i++] = SelectCase.recv(given.done());
        }
        if (addCurrent) {
            all[i] = SelectCase.recv(current.done());
        }
        return all;
    }

    /** The exception for a select ended by the context whose done case is {@code cases[i]}. */
    private static ContextException contextEnded(SelectCase<?>[] cases, int i, Context given) {
        Context ctx = given != null && given.canEnd() && cases[i].chan == given.done() ? given : Context.current();
        try {
            ctx.throwIfDone();
        } catch (ContextException e) {
            return e;
        }
        throw new IllegalStateException("a context's done channel closed while it had not ended: " + ctx);
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

    private static void lockAll(Chan<?>[] chans) {
        for (Chan<?> c : chans) {
            c.lock.lock();
        }
    }

    private static void unlockAll(Chan<?>[] chans) {
        for (int i = chans.length - 1; i >= 0; i--) {
            chans[i].lock.unlock();
        }
    }
}
