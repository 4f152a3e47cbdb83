package dev.weft.fluent;

import dev.weft.chan.Received;
import dev.weft.chan.RecvChan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.chan.SendChan;
import dev.weft.context.Context;
import dev.weft.future.Deferred;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * A fluent {@link Select} that returns a value: each clause pairs a channel operation with what
 * to compute if it is the one that completes.
 *
 * <pre>{@code
 * String what = SelectBuilder.<String>select()
 *         .recv(jobs, j -> "job " + j)
 *         .recvOrClosed(control, r -> r.ok() ? "command " + r.value() : "control closed")
 *         .send(results, pending, () -> "sent")
 *         .timeout(Duration.ofSeconds(1), () -> "idle")
 *         .run();
 * }</pre>
 *
 * A builder can be run again and again; Go's {@code for { select { … } }} is
 * {@link #loop(SelectBuilder)} over a builder whose clauses return whether to go on.
 * Semantics are the core's: exactly one clause completes, ready clauses are chosen uniformly at
 * random, a {@code null} channel disables its clause, {@link #orElse} is Go's {@code default}.
 *
 * <p>Exceptions: a clause's function may throw anything, after its operation has completed (the
 * value was received or sent). Unchecked exceptions and errors propagate out of {@link #run()}
 * unchanged; a checked one is wrapped in a {@link CompletionException}, as
 * {@link java.util.concurrent.CompletableFuture#join()} wraps it, so that {@code run()} need
 * not declare {@code throws Exception}.
 *
 * <p>Contexts: the select ends with a {@link dev.weft.context.ContextException} when the
 * caller's current context ends while it waits, or the one given to {@link #context}.
 *
 * @param <R> what the select evaluates to
 */
public final class SelectBuilder<R> {
    private final List<SelectCase<?>> cases = new ArrayList<>();
    private final List<Then<? extends R>> handlers = new ArrayList<>();
    private Duration timeout;
    private Then<? extends R> onTimeout;
    private Then<? extends R> orElse;
    private Context context;

    /**
     * What a clause computes from the value it received; may throw checked exceptions.
     *
     * @param <T> the value's type
     * @param <R> the select's result type
     */
    @FunctionalInterface
    public interface OnValue<T, R> {
        /** Computes the select's result from {@code value}. */
        R apply(T value) throws Exception;
    }

    /**
     * What a clause without a value computes (a send, a timeout, {@code orElse}); may throw
     * checked exceptions.
     *
     * @param <R> the select's result type
     */
    @FunctionalInterface
    public interface Then<R> {
        /** Computes the select's result. */
        R get() throws Exception;
    }

    private SelectBuilder() {}

    /** Starts a select evaluating to {@code R}. */
    public static <R> SelectBuilder<R> select() {
        return new SelectBuilder<>();
    }

    /**
     * A clause receiving a value from {@code ch}. If {@code ch} is closed and drained, the
     * clause fires and {@link #run()} throws {@link dev.weft.chan.ChanClosedException}; use
     * {@link #recvOrClosed} to handle closing.
     */
    public <T> SelectBuilder<R> recv(RecvChan<T> ch, OnValue<? super T, ? extends R> onValue) {
        Objects.requireNonNull(onValue, "onValue");
        SelectCase<T> c = SelectCase.recv(ch);
        cases.add(c);
        handlers.add(() -> onValue.apply(c.received().value()));
        return this;
    }

    /** A clause receiving from {@code ch} or learning that it is closed (Go's {@code v, ok}). */
    public <T> SelectBuilder<R> recvOrClosed(RecvChan<T> ch, OnValue<? super Received<T>, ? extends R> onResult) {
        Objects.requireNonNull(onResult, "onResult");
        SelectCase<T> c = SelectCase.recv(ch);
        cases.add(c);
        handlers.add(() -> onResult.apply(c.received()));
        return this;
    }

    /**
     * A clause firing when {@code deferred} settles, with its value; a failure is thrown from
     * {@link #run()} as {@link Deferred#await()} throws it. kotlinx's {@code onAwait}.
     */
    public <T> SelectBuilder<R> await(Deferred<T> deferred, OnValue<? super T, ? extends R> onValue) {
        Objects.requireNonNull(onValue, "onValue");
        cases.add(SelectCase.recv(deferred.done()));
        handlers.add(() -> onValue.apply(deferred.poll().getOrThrow()));
        return this;
    }

    /** A clause sending {@code value} to {@code ch}; a closed {@code ch} makes {@link #run()} throw. */
    public <T> SelectBuilder<R> send(SendChan<T> ch, T value, Then<? extends R> onSent) {
        Objects.requireNonNull(onSent, "onSent");
        cases.add(SelectCase.send(ch, value));
        handlers.add(onSent);
        return this;
    }

    /**
     * A clause firing when no other completes within {@code timeout}: at once if it is zero
     * or negative, and as long as it takes if it is too long to count in nanoseconds.
     *
     * @throws NullPointerException if {@code timeout} is null
     */
    public SelectBuilder<R> timeout(Duration timeout, Then<? extends R> onTimeout) {
        Objects.requireNonNull(timeout, "timeout");
        this.timeout = timeout;
        this.onTimeout = Objects.requireNonNull(onTimeout, "onTimeout");
        return this;
    }

    /** Go's {@code default}: fires at once if no clause is ready, making the select non-blocking. */
    public SelectBuilder<R> orElse(Then<? extends R> onNothingReady) {
        this.orElse = Objects.requireNonNull(onNothingReady, "onNothingReady");
        return this;
    }

    /**
     * Also ends the select when {@code ctx} ends, with its
     * {@link dev.weft.context.ContextException} (Go's {@code case <-ctx.Done()}).
     */
    public SelectBuilder<R> context(Context ctx) {
        this.context = Objects.requireNonNull(ctx, "ctx");
        return this;
    }

    /**
     * Waits until one clause can complete, completes it, and returns its function's result.
     *
     * @throws dev.weft.chan.ChanClosedException if the completing clause is a send on a closed
     *                                           channel, or a {@link #recv} on one
     * @throws IllegalStateException if there is no clause at all and no {@code orElse}
     * @throws CompletionException   wrapping a checked exception thrown by the chosen clause
     */
    public R run() {
        if (cases.isEmpty() && orElse == null && onTimeout == null) {
            throw new IllegalStateException("a select needs at least one clause");
        }
        SelectCase<?>[] array = cases.toArray(new SelectCase<?>[0]);
        int i;
        if (orElse != null) {
            if (context != null) {
                context.throwIfDone();
            }
            i = Select.trySelect(array);
        } else if (context != null) {
            i = timeout != null ? Select.select(context, timeout, array) : Select.select(context, array);
        } else {
            i = timeout != null ? Select.select(timeout, array) : Select.select(array);
        }
        Then<? extends R> chosen = i >= 0 ? handlers.get(i) : orElse != null ? orElse : onTimeout;
        try {
            return chosen.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Runs {@code select} again and again while its chosen clause returns true: Go's
     * {@code for { select { … } }}, kotlinx's {@code whileSelect}.
     */
    public static void loop(SelectBuilder<Boolean> select) {
        while (Boolean.TRUE.equals(select.run())) {
            // the chosen clause said: go on
        }
    }
}
