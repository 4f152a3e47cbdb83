package dev.weft.future;

import dev.weft.Weft;
import dev.weft.chan.RecvChan;
import dev.weft.context.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A value that will be there later: the read side of a {@link Promise} (kotlinx.coroutines'
 * {@code Deferred}, JavaScript's promise). It settles once, with a value or a failure.
 *
 * <pre>{@code
 * Deferred<Page> a = Deferred.async(() -> fetch(urlA));      // each in its own goroutine
 * Deferred<Page> b = Deferred.async(() -> fetch(urlB));
 * List<Page> both = Deferred.all(List.of(a, b)).await();     // the first failure fails it
 * Page first = Deferred.race(List.of(a, b)).await(Duration.ofSeconds(2));
 * }</pre>
 *
 * <ul>
 *   <li>Waiting parks a goroutine (and blocks a platform thread). {@link #await()} observes the
 *       current context; {@link #await(Context)} an explicit one.</li>
 *   <li>{@link #done()} is a channel closed when it settles, so a deferred can be a case in a
 *       {@link dev.weft.chan.Select}: {@code SelectCase.recv(d.done())}, then {@link #poll()}.</li>
 *   <li>{@link #toCompletableFuture()} and {@link #of(CompletionStage)} cross to the JDK's
 *       futures both ways.</li>
 * </ul>
 * A failure surfaces from {@code await} as {@link Outcome#getOrThrow()} says: a
 * {@link java.util.concurrent.CancellationException} unchanged, anything else wrapped in a
 * {@link CompletionException}, as {@link CompletableFuture#join()} does.
 *
 * @param <T> the value's type
 */
public sealed interface Deferred<T> permits Promise {

    /** Whether it has settled. */
    boolean isDone();

    /** How it settled, or null while it has not: never waits. */
    Outcome<T> poll();

    /**
     * A channel closed once it has settled: a select case for it. It closes just after the
     * outcome is published, so {@link #isDone()} may turn true an instant before it does.
     */
    RecvChan<Void> done();

    /**
     * Waits until it settles and returns the value.
     *
     * @throws CompletionException                 wrapping the failure's cause
     * @throws java.util.concurrent.CancellationException if it was cancelled
     * @throws dev.weft.context.ContextException   if the current context ends first
     */
    T await();

    /**
     * Waits at most {@code timeout}.
     *
     * @throws TimeoutException if it has not settled by then
     * @throws CompletionException wrapping the failure's cause
     */
    T await(Duration timeout) throws TimeoutException;

    /**
     * Waits until it settles or {@code ctx} ends.
     *
     * @throws dev.weft.context.ContextException if {@code ctx} ends first
     * @throws CompletionException               wrapping the failure's cause
     */
    T await(Context ctx);

    /** A {@link CompletableFuture} that completes as this settles; completing it does not affect this. */
    CompletableFuture<T> toCompletableFuture();

    // ---------------------------------------------------------------- making deferreds

    /** Runs {@code body} in a new goroutine; the deferred settles with its result or failure. */
    static <T> Deferred<T> async(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        Promise<T> p = new Promise<>();
        Weft.go(() -> {
            try {
                p.resolve(body.call());
            } catch (Throwable t) {
                p.reject(t);
            }
        });
        return p;
    }

    /** A deferred that settles as {@code stage} completes (a {@link CompletionException} is unwrapped). */
    static <T> Deferred<T> of(CompletionStage<? extends T> stage) {
        Promise<T> p = new Promise<>();
        stage.whenComplete((v, e) -> {
            if (e == null) {
                p.resolve(v);
            } else {
                p.reject(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            }
        });
        return p;
    }

    /** A deferred already settled with {@code value}. */
    static <T> Deferred<T> resolved(T value) {
        Promise<T> p = new Promise<>();
        p.resolve(value);
        return p;
    }

    /** A deferred already failed with {@code cause}. */
    static <T> Deferred<T> failed(Throwable cause) {
        Promise<T> p = new Promise<>();
        p.reject(cause);
        return p;
    }

    // ---------------------------------------------------------------- combinators

    /**
     * Every value, in input order, once all have succeeded; fails as soon as one fails, with
     * its cause (fail fast). No inputs: an empty list at once.
     */
    static <T> Deferred<List<T>> all(List<? extends Deferred<? extends T>> inputs) {
        int n = inputs.size();
        Promise<List<T>> result = new Promise<>();
        if (n == 0) {
            result.resolve(List.of());
            return result;
        }
        Object[] values = new Object[n];
        AtomicInteger left = new AtomicInteger(n);
        Runnable[] registrations = new Runnable[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            registrations[i] = Promise.of(inputs.get(i)).whenSettled(o -> {
                if (o instanceof Outcome.Success<? extends T> s) {
                    values[k] = s.value();
                    if (left.decrementAndGet() == 0) {
                        @SuppressWarnings("unchecked")
                        List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(values));
                        result.resolve(list);
                    }
                } else {
                    result.reject(((Outcome.Failure<? extends T>) o).cause());
                }
            });
        }
        unregisterWhenSettled(result, registrations);
        return result;
    }

    /**
     * Settles as the first input settles, with its value or its failure.
     *
     * @throws IllegalArgumentException if there are no inputs: it could never settle
     */
    static <T> Deferred<T> race(List<? extends Deferred<? extends T>> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("race of no deferreds would never settle");
        }
        Promise<T> result = new Promise<>();
        Runnable[] registrations = new Runnable[inputs.size()];
        for (int i = 0; i < registrations.length; i++) {
            registrations[i] = Promise.of(inputs.get(i)).whenSettled(o -> result.complete(upcast(o)));
        }
        unregisterWhenSettled(result, registrations);
        return result;
    }

    /**
     * The first value to arrive; fails only when every input has failed, with an
     * {@link AggregateException} carrying each cause in input order. No inputs: that failure
     * at once.
     */
    static <T> Deferred<T> any(List<? extends Deferred<? extends T>> inputs) {
        int n = inputs.size();
        Promise<T> result = new Promise<>();
        Throwable[] causes = new Throwable[n];
        AtomicInteger left = new AtomicInteger(n);
        if (n == 0) {
            result.reject(new AggregateException("any of no deferreds: none succeeded", List.of()));
            return result;
        }
        Runnable[] registrations = new Runnable[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            registrations[i] = Promise.of(inputs.get(i)).whenSettled(o -> {
                if (o instanceof Outcome.Success<? extends T> s) {
                    result.resolve(s.value());
                } else {
                    causes[k] = ((Outcome.Failure<? extends T>) o).cause();
                    if (left.decrementAndGet() == 0) {
                        result.reject(new AggregateException("all " + n + " deferreds failed", Arrays.asList(causes)));
                    }
                }
            });
        }
        unregisterWhenSettled(result, registrations);
        return result;
    }

    /** Every outcome, in input order, once all have settled; never fails. */
    static <T> Deferred<List<Outcome<T>>> allSettled(List<? extends Deferred<? extends T>> inputs) {
        int n = inputs.size();
        Promise<List<Outcome<T>>> result = new Promise<>();
        if (n == 0) {
            result.resolve(List.of());
            return result;
        }
        @SuppressWarnings("unchecked")
        Outcome<T>[] outcomes = new Outcome[n];
        AtomicInteger left = new AtomicInteger(n);   // its last decrement sees every write before it
        for (int i = 0; i < n; i++) {
            int k = i;
            Promise.of(inputs.get(i)).whenSettled(o -> {
                outcomes[k] = upcast(o);
                if (left.decrementAndGet() == 0) {
                    result.resolve(List.of(outcomes));
                }
            });
        }
        return result;
    }

    /**
     * Once {@code result} settles, removes its listeners from the inputs that have not: a
     * combinator that settled early (a race, a failed {@code all}, a succeeded {@code any})
     * keeps nothing alive in an input that settles late or never.
     */
    private static void unregisterWhenSettled(Promise<?> result, Runnable[] registrations) {
        result.whenSettled(o -> {
            for (Runnable r : registrations) {
                r.run();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> Outcome<T> upcast(Outcome<? extends T> o) {
        return (Outcome<T>) o;
    }
}
