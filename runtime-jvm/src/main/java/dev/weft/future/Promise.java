package dev.weft.future;

import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.context.Context;
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
 * <h2>Implementation overview</h2>
 * One CAS of the {@code outcome} field from null decides who settles the promise. The winner
 * then mirrors the outcome into a {@link CompletableFuture} (the JDK's: its
 * {@code whenComplete} drives the combinators of {@link Deferred}, and it is what
 * {@link #toCompletableFuture()} copies) and closes a channel, {@link #done()}. Waiting does not
 * use the future's blocking: waiters receive from {@code done()}, so waiting parks goroutines,
 * composes with select and observes contexts like every other Weft wait. A waiter first reads
 * {@code outcome}, so it never waits for a promise already settled (the close trails the
 * decision by a few instructions, never the other way round). The outcome is kept as given,
 * so a {@link CancellationException} comes back as it was (a future would replace it).
 *
 * @param <T> the value's type
 */
public final class Promise<T> implements Deferred<T> {
    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(Promise.class, "outcome", Outcome.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Outcome<T> outcome;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final Chan<Void> done = Chan.make();

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
        if (outcome instanceof Outcome.Success<? extends T> s) {
            future.complete(s.value());
        } else {
            future.completeExceptionally(((Outcome.Failure<? extends T>) outcome).cause());
        }
        done.close();
        return true;
    }

    /** Runs {@code action} with the outcome once settled, on the thread that settles it (at once if settled). */
    void whenSettled(Consumer<? super Outcome<T>> action) {
        future.whenComplete((v, e) -> action.accept(outcome));   // set before the future completes
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
        if (outcome == null) {
            Select.select(ctx, SelectCase.recv(done));
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
