package dev.weft.future;

import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.context.Context;
import dev.weft.internal.ChanAccess;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The write side of a {@link Deferred}: settle it once, with {@link #resolve} or
 * {@link #reject}; later attempts return false and change nothing.
 *
 * <pre>{@code
 * Promise<Reply> reply = new Promise<>();
 * server.send(new Request(query, reply));     // the server calls reply.resolve(r)
 * Reply r = reply.await(Duration.ofSeconds(1));
 * }</pre>
 *
 * @param <T> the value's type
 */
public final class Promise<T> implements Deferred<T> {
    /*
     * Implementation overview.
     *
     * One CAS of the {@code outcome} field from null decides who settles the promise. The winner
     * then runs the listeners registered by the combinators of {@link Deferred}, mirrors the
     * outcome into a {@link CompletableFuture} (what {@link #toCompletableFuture()} copies) and
     * closes a channel, {@link #done()}. The listeners are an intrusive doubly-linked list under
     * the promise's monitor, so that a combinator that has settled removes its listeners from the
     * inputs that have not, in O(1) each: a {@code race} against a promise that never settles
     * must not leave a listener behind on every call (a {@code CompletableFuture}'s dependents
     * cannot be removed, and leaked that way). The settler takes the whole list, and marks it
     * closed, under the monitor; a listener registered after that runs at once, so each runs
     * exactly once. Waiting does not
     * use the future's blocking: waiters receive from {@code done()}, so waiting parks goroutines,
     * composes with select and observes contexts like every other Weft wait. A waiter first reads
     * {@code outcome}, so it never waits for a promise already settled (the close trails the
     * decision by a few instructions, never the other way round). The outcome is kept as given,
     * so a {@link CancellationException} comes back as it was (a future would replace it).
     */

    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(Promise.class, "outcome", Outcome.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Outcome<T> outcome;
    /** The listeners to run when settled, newest first; guarded by this. */
    private Listener<T> listeners;
    /** Set, under this, once the settler has taken the listeners. */
    private boolean listenersTaken;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final Chan<Void> done = ChanAccess.makeDone("a Promise");

    /** A promise not yet settled. */
    public Promise() {}

    /** The promise behind a deferred (every deferred is one). */
    static <T> Promise<T> of(Deferred<T> d) {
        return (Promise<T>) d;
    }

    /**
     * Settles with {@code value} (which may be null).
     *
     * @return true if this settled it, false if it was already settled
     */
    public boolean resolve(T value) {
        return complete(Outcome.success(value));
    }

    /**
     * Settles with a failure.
     *
     * @return true if this settled it, false if it was already settled
     */
    public boolean reject(Throwable cause) {
        return complete(Outcome.failure(Objects.requireNonNull(cause, "cause")));
    }

    /** Settles with {@code outcome}: {@link #resolve} or {@link #reject}. */
    public boolean complete(Outcome<? extends T> outcome) {
        Objects.requireNonNull(outcome, "outcome");
        if (!OUTCOME.compareAndSet(this, null, outcome)) {
            return false;
        }
        Listener<T> taken;
        synchronized (this) {
            taken = listeners;
            listeners = null;
            listenersTaken = true;
        }
        try {
            for (Listener<T> l = taken; l != null; l = l.next) {
                l.action.accept(this.outcome);
            }
        } finally {
            settleFutureAndDone(outcome);    // even if a listener threw (an Error)
        }
        return true;
    }

    private void settleFutureAndDone(Outcome<? extends T> outcome) {
        if (outcome instanceof Outcome.Success<? extends T> s) {
            future.complete(s.value());
        } else {
            future.completeExceptionally(((Outcome.Failure<? extends T>) outcome).cause());
        }
        done.close();
    }

    /** One registered action; linked while registered. */
    private static final class Listener<T> {
        final Consumer<? super Outcome<T>> action;
        Listener<T> prev;
        Listener<T> next;

        Listener(Consumer<? super Outcome<T>> action) {
            this.action = action;
        }
    }

    /**
     * Runs {@code action} with the outcome once settled, on the thread that settles it (at once,
     * here, if it is settled already).
     *
     * @return what unregisters {@code action} if it has not run yet (it then never runs)
     */
    Runnable whenSettled(Consumer<? super Outcome<T>> action) {
        Listener<T> l = new Listener<>(action);
        synchronized (this) {
            if (!listenersTaken) {
                l.next = listeners;
                if (listeners != null) {
                    listeners.prev = l;
                }
                listeners = l;
                return () -> unregister(l);
            }
        }
        action.accept(outcome);
        return () -> { };
    }

    private synchronized void unregister(Listener<T> l) {
        if (listenersTaken || (l.prev == null && listeners != l)) {
            return;                          // ran, or already unregistered
        }
        if (l.prev == null) {
            listeners = l.next;
        } else {
            l.prev.next = l.next;
        }
        if (l.next != null) {
            l.next.prev = l.prev;
        }
        l.prev = null;
        l.next = null;
    }

    /** Listeners registered and not yet run or unregistered; for tests. */
    synchronized int listenerCount() {
        int n = 0;
        for (Listener<T> l = listeners; l != null; l = l.next) {
            n++;
        }
        return n;
    }

    @Override
    public boolean isDone() {
        return outcome != null;
    }

    @Override
    public Outcome<T> poll() {
        return outcome;
    }

    @Override
    public RecvChan<Void> done() {
        return done;
    }

    @Override
    public T await() {
        if (outcome == null) {
            done.recvOrClosed();             // parks; ends with the current context
        }
        return poll().getOrThrow();
    }

    @Override
    public T await(Duration timeout) throws TimeoutException {
        if (outcome == null && done.recv(timeout).isNotReady()) {
            throw new TimeoutException("not settled within " + timeout);
        }
        return poll().getOrThrow();
    }

    @Override
    public T await(Context ctx) {
        ctx.throwIfDone();
        if (outcome == null && Select.select(SelectCase.recv(done), SelectCase.recv(ctx.done())) == 1) {
            ctx.throwIfDone();               // its done channel closed: it has ended, so this throws
        }
        return poll().getOrThrow();
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        return future.copy();
    }

    @Override
    public String toString() {
        Outcome<T> o = poll();
        return "Promise[" + (o == null ? "pending" : o) + "]";
    }
}
