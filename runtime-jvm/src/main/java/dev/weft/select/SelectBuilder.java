package dev.weft.select;

import dev.weft.chan.Received;
import dev.weft.chan.RecvChan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.chan.SendChan;
import dev.weft.context.Context;
import dev.weft.future.Deferred;
import dev.weft.time.Time;
import dev.weft.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Go's {@code select} as an expression: each clause pairs a channel operation with what to
 * compute if it is the one that completes. The Java face's {@code Go.select()} returns one;
 * the Kotlin face's {@code select { }} fills one.
 *
 * <pre>{@code
 * String what = SelectBuilder.<String>select()
 *         .recv(jobs, j -> "job " + j)
 *         .recvOrClosed(control, r -> r.isOk() ? "command " + r.value() : "control closed")
 *         .send(results, pending, () -> "sent")
 *         .timeout(Duration.ofSeconds(1), () -> "idle")
 *         .run();
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Exactly one clause completes. Ready clauses are chosen uniformly at random, as in Go;
 *       {@link #biased()} makes the earliest ready clause win instead (a priority select).</li>
 *   <li>A clause on a {@code null} channel never fires (Go's nil channel). A {@code null}
 *       value to send, a {@code null} function, timeout or context is a
 *       {@link NullPointerException} when the clause is added.</li>
 *   <li>A select with no clause at all waits for ever, as Go's {@code select {}} does on
 *       purpose: only an interrupt or the end of the current context ends it.</li>
 *   <li>{@link #orElse} is Go's {@code default}: the select does not wait.
 *       {@link #timeout} fires if no other clause completes in time: at once if it is zero or
 *       negative, never if it is too long to count. A select has one or the other, not both
 *       ({@link IllegalStateException}: the {@code default} would always pre-empt the
 *       timeout).</li>
 *   <li>{@link #context} adds Go's {@code case <-ctx.Done(): return ctx.Err()}: an ended
 *       context throws its {@link dev.weft.context.ContextException}, whether it had ended
 *       before the select (checked first) or ends while it waits.</li>
 *   <li>Waiting follows Weft's rule for blocking operations (see the {@link dev.weft}
 *       package): an interrupt or the end of the current context abandons the select, no
 *       clause having completed.</li>
 *   <li>A clause's function runs after its operation has completed (the value was received
 *       or sent). Unchecked exceptions and errors it throws leave {@link #run()} unchanged; a
 *       checked one is wrapped in a {@link CompletionException}, as
 *       {@link java.util.concurrent.CompletableFuture#join()} wraps it.</li>
 * </ul>
 *
 * A builder can be run again and again; Go's {@code for { select { … } }} is
 * {@link #loop(SelectBuilder)} over a builder whose clauses return whether to go on. A builder
 * is not thread-safe: one goroutine builds and runs it.
 *
 * @param <R> what the select evaluates to
 */
public final class SelectBuilder<R> {
    private final List<SelectCase<?>> cases = new ArrayList<>();
    private final List<Then<? extends R>> handlers = new ArrayList<>();
    /** As long as it takes: the core's selects saturate a timeout too long to count. */
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    private Duration timeout = FOREVER;
    private Then<? extends R> onTimeout;
    private Then<? extends R> orElse;
    private Context context;
    private boolean biased;

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
        return clause(c, () -> onValue.apply(c.received().value()));
    }

    /** A clause receiving from {@code ch} or learning that it is closed (Go's {@code v, ok}). */
    public <T> SelectBuilder<R> recvOrClosed(RecvChan<T> ch, OnValue<? super Received<T>, ? extends R> onResult) {
        Objects.requireNonNull(onResult, "onResult");
        SelectCase<T> c = SelectCase.recv(ch);
        return clause(c, () -> onResult.apply(c.received()));
    }

    /**
     * A clause firing when {@code deferred} settles, with its value; a failure is thrown from
     * {@link #run()} as {@link Deferred#await()} throws it. kotlinx's {@code onAwait}.
     */
    public <T> SelectBuilder<R> await(Deferred<T> deferred, OnValue<? super T, ? extends R> onValue) {
        Objects.requireNonNull(deferred, "deferred");
        Objects.requireNonNull(onValue, "onValue");
        return clause(SelectCase.recv(deferred.done()), () -> onValue.apply(deferred.poll().getOrThrow()));
    }

    /** A clause sending {@code value} to {@code ch}; a closed {@code ch} makes {@link #run()} throw. */
    public <T> SelectBuilder<R> send(SendChan<T> ch, T value, Then<? extends R> onSent) {
        Objects.requireNonNull(onSent, "onSent");
        return clause(SelectCase.send(ch, value), onSent);
    }

    private SelectBuilder<R> clause(SelectCase<?> c, Then<? extends R> handler) {
        cases.add(c);
        handlers.add(handler);
        return this;
    }

    /**
     * A clause firing when no other completes within {@code timeout}: at once if it is zero
     * or negative, never if it is too long to count in nanoseconds.
     *
     * @throws IllegalStateException if the select has an {@link #orElse} or a timeout already
     */
    public SelectBuilder<R> timeout(Duration timeout, Then<? extends R> onTimeout) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(onTimeout, "onTimeout");
        if (orElse != null || this.onTimeout != null) {
            throw new IllegalStateException(orElse != null ? "a select with a default (orElse) cannot also have a timeout"
                    : "a select has at most one timeout");
        }
        this.timeout = timeout;
        this.onTimeout = onTimeout;
        return this;
    }

    /**
     * Go's {@code default}: fires at once if no clause is ready, making the select non-blocking.
     *
     * @throws IllegalStateException if the select has a {@link #timeout} or a default already
     */
    public SelectBuilder<R> orElse(Then<? extends R> onNothingReady) {
        Objects.requireNonNull(onNothingReady, "onNothingReady");
        if (onTimeout != null || orElse != null) {
            throw new IllegalStateException(onTimeout != null ? "a select with a timeout cannot also have a default (orElse)"
                    : "a select has at most one default (orElse)");
        }
        this.orElse = onNothingReady;
        return this;
    }

    /**
     * Also ends the select when {@code ctx} ends, with its
     * {@link dev.weft.context.ContextException} (Go's {@code case <-ctx.Done()}); one that has
     * ended already throws before any clause is tried.
     */
    public SelectBuilder<R> context(Context ctx) {
        this.context = Objects.requireNonNull(ctx, "ctx");
        return this;
    }

    /**
     * Makes the select biased: when several clauses are ready, the one added first wins
     * (kotlinx.coroutines' {@code select}; Go's and Weft's default are fair).
     */
    public SelectBuilder<R> biased() {
        this.biased = true;
        return this;
    }

    /**
     * Waits until one clause can complete, completes it, and returns its function's result.
     *
     * @throws dev.weft.chan.ChanClosedException if the completing clause is a send on a closed
     *                                           channel, or a {@link #recv} on one
     * @throws dev.weft.context.ContextException if the {@link #context} ends first
     * @throws CompletionException               wrapping a checked exception thrown by the
     *                                           chosen clause's function
     */
    public R run() {
        int n = cases.size();
        SelectCase<?>[] array = cases.toArray(new SelectCase<?>[n + (context != null && context.canEnd() ? 1 : 0)]);
        if (context != null) {
            context.throwIfDone();
            if (array.length > n) {
                array[n] = SelectCase.recv(context.done());
            }
        }
        Duration wait = orElse != null ? Duration.ZERO : timeout;
        int i = biased ? Select.selectBiased(wait, array) : Select.select(wait, array);
        if (i == n) {
            context.throwIfDone();           // its done channel closed: it has ended, so this throws
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
     * As {@link #run()}, without a waiting thread: returns a future of the chosen clause's
     * function's result, completed by the counterpart, close, timer or context that decides
     * the select (see {@link Select#selectAsync}). The function runs on the thread that
     * completes the future, or on a new virtual thread when that is one of Weft's own. No
     * thread's context is observed: use {@link #context}.
     *
     * <pre>{@code
     * SelectBuilder.<String>select()
     *         .recv(replies, r -> "reply " + r)
     *         .timeout(Duration.ofSeconds(1), () -> "no reply")
     *         .runAsync()
     *         .thenAccept(System.out::println);
     * }</pre>
     *
     * Completing the returned future from outside ({@code cancel}, {@code complete},
     * {@code orTimeout}…) abandons the select if no clause has completed yet, and then no
     * clause's operation happened; if one has, that completion fails and the future completes
     * with the clause's result: a value taken from a channel is never dropped. The future fails
     * as {@link #run()} throws: {@link dev.weft.chan.ChanClosedException},
     * {@link dev.weft.context.ContextException}, or a {@link CompletionException} wrapping a
     * checked exception of the function.
     */
    public CompletableFuture<R> runAsync() {
        if (orElse != null || (onTimeout != null && !timeout.isPositive())) {
            try {
                return CompletableFuture.completedFuture(run());   // does not wait
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        try {
            if (context != null) {
                context.throwIfDone();       // an ended context ends the select before any clause
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        int n = cases.size();
        int contextCase = context != null && context.canEnd() ? n : -1;
        Timer timer = onTimeout != null && timeout.compareTo(FOREVER_TIMER) < 0 ? Time.newTimer(timeout) : null;
        SelectCase<?>[] array = cases.toArray(new SelectCase<?>[n + (contextCase >= 0 ? 1 : 0) + (timer != null ? 1 : 0)]);
        if (contextCase >= 0) {
            array[contextCase] = SelectCase.recv(context.done());
        }
        if (timer != null) {
            array[array.length - 1] = SelectCase.recv(timer.c());
        }
        CompletableFuture<Integer> select = biased ? Select.selectBiasedAsync(array) : Select.selectAsync(array);
        Outcome<R> outcome = new Outcome<>(select);
        select.whenComplete((i, failure) -> {
            if (timer != null) {
                timer.stop();
            }
            if (select.isCancelled()) {
                return;                      // abandoned through the outcome, which completes itself
            }
            if (failure != null) {
                outcome.settle(null, failure);
                return;
            }
            try {
                if (i == contextCase) {
                    context.throwIfDone();   // its done channel closed: it has ended, so this throws
                }
                outcome.settle(i < n ? handlers.get(i).get() : onTimeout.get(), null);
            } catch (RuntimeException e) {
                outcome.settle(null, e);
            } catch (Exception e) {
                outcome.settle(null, new CompletionException(e));
            }
        });
        return outcome;
    }

    /** Timeouts from here on wait as long as it takes: no timer (a timer's delay saturates the same way). */
    private static final Duration FOREVER_TIMER = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * The future {@link #runAsync()} returns: completed with the chosen clause's result, and,
     * from outside, only by abandoning the select first.
     */
    private static final class Outcome<R> extends CompletableFuture<R> {
        private final CompletableFuture<Integer> select;

        Outcome(CompletableFuture<Integer> select) {
            this.select = select;
        }

        void settle(R value, Throwable failure) {
            if (failure == null) {
                super.complete(value);
            } else {
                super.completeExceptionally(failure);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (select.cancel(false)) {
                return super.cancel(mayInterruptIfRunning);
            }
            return isCancelled();
        }

        @Override
        public boolean complete(R value) {
            return select.cancel(false) && super.complete(value);
        }

        @Override
        public boolean completeExceptionally(Throwable ex) {
            return select.cancel(false) && super.completeExceptionally(ex);
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
