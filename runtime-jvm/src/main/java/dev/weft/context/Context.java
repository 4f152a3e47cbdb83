package dev.weft.context;

import dev.weft.chan.RecvChan;
import dev.weft.internal.Nanos;
import dev.weft.sched.Body;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Go's {@code context.Context}: a cancellation signal, a deadline and request-scoped values,
 * passed down a tree of calls and goroutines.
 *
 * <pre>{@code
 * try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(2))) {
 *     Job j = ctx.get(jobs::recv);   // throws ContextException if ctx ends first
 *     ...
 * }                                  // leaving the block cancels ctx (Go's defer cancel())
 * }</pre>
 *
 * <ul>
 *   <li>{@link #done()} is a channel closed when the context ends, usable in a select.</li>
 *   <li>Cancelling a context cancels all its descendants at once; a child's cancellation never
 *       touches its parent; a cancelled child is dropped by its parent, so short-lived contexts
 *       do not accumulate.</li>
 *   <li>No thread or goroutine per context: deadlines share one timer thread, and
 *       cancellation is a walk down the tree.</li>
 * </ul>
 * <h2>The current context</h2>
 * {@link #run}, {@link #call} and {@link #get} bind a context to the calling thread for the
 * length of a block; {@link #current()} reads it. Every Weft operation that waits observes the
 * current context: once it would wait, it ends with a {@link ContextException} when the
 * context ends (kotlinx.coroutines' cancellation, for Go's explicit {@code ctx} argument; the
 * rule for all of them is in the {@link dev.weft} package documentation). A goroutine started
 * while a context is current runs under it too. Operations that complete without waiting are
 * not affected, as in Go's select when another case is ready.
 *
 * <pre>{@code
 * try (CancelContext ctx = Context.current().withTimeout(Duration.ofSeconds(2))) {
 *     ctx.run(() -> {
 *         go(() -> produce(out));          // runs under ctx as well
 *         for (Job j : jobs) handle(j);   // ContextException after 2 s
 *     });
 * }
 * }</pre>
 *
 * Sealed: the tree relies on knowing every kind of node, so contexts come only from the
 * factories here.
 */
public sealed interface Context permits Background, CancelContext, ValueContext {

    /** {@link #err()} of a cancelled context (Go's {@code context.Canceled}). */
    ContextException CANCELED = ContextException.reason("context canceled", false);

    /** {@link #err()} of a context whose deadline passed (Go's {@code context.DeadlineExceeded}). */
    ContextException DEADLINE_EXCEEDED = ContextException.reason("context deadline exceeded", true);

    /** A channel closed when this context ends; never closed for {@link #background()}. */
    RecvChan<Void> done();

    /** Null while the context lives; then {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}. */
    ContextException err();

    /** Why it ended: the cause given to {@link CancelContext#cancel(Throwable)}, else {@link #err()}. */
    Throwable cause();

    /** When this context ends by itself, if it has a deadline. */
    Optional<Instant> deadline();

    /** The value bound to {@code key} here or in an ancestor, or null. */
    <T> T value(Key<T> key);

    /** Whether this context has ended. */
    default boolean isDone() {
        return err() != null;
    }

    /**
     * Whether this context can ever end: false for {@link #background()} and for values
     * layered on it (Go: {@code ctx.Done() == nil}).
     */
    default boolean canEnd() {
        return CancelContext.ownerOf(this) != null;
    }

    // ------------------------------------------------------------------ the current context

    /** The context bound to the calling thread by {@link #run} and friends, else {@link #background()}. */
    static Context current() {
        return Current.get();
    }

    /** Runs {@code body} with this context current (see the class comment), then restores the outer one. */
    default void run(Runnable body) {
        Current.run(this, Objects.requireNonNull(body, "body"));
    }

    /** Calls {@code body} with this context current and returns its result; exceptions pass through. */
    default <T> T call(Callable<T> body) throws Exception {
        return Current.call(this, Objects.requireNonNull(body, "body"));
    }

    /** Gets {@code body}'s result with this context current. */
    default <T> T get(Supplier<T> body) {
        return Current.get(this, Objects.requireNonNull(body, "body"));
    }

    // ------------------------------------------------------------------ children, fluently

    /** {@code Context.withCancel(this)}: a cancellable child. */
    default CancelContext withCancel() {
        return withCancel(this);
    }

    /** {@code Context.withTimeout(this, timeout)}: a child that ends after {@code timeout}. */
    default CancelContext withTimeout(Duration timeout) {
        return withTimeout(this, timeout);
    }

    /** {@code Context.withDeadline(this, deadline)}: a child that ends at {@code deadline}. */
    default CancelContext withDeadline(Instant deadline) {
        return withDeadline(this, deadline);
    }

    /** {@code Context.withValue(this, key, value)}: a child carrying a value. */
    default <T> Context withValue(Key<T> key, T value) {
        return withValue(this, key, value);
    }

    // ------------------------------------------------------------------ factories

    /** The root of every context tree: never cancelled, no deadline, no values. */
    static Context background() {
        return Background.INSTANCE;
    }

    /** A child that ends when its {@link CancelContext#cancel()} is called or its parent ends. */
    static CancelContext withCancel(Context parent) {
        return new CancelContext(Objects.requireNonNull(parent, "parent"), null);
    }

    /**
     * As {@link #withCancel}; Go's {@code WithCancelCause}: {@link CancelContext#cancel(Throwable)}
     * records a cause that {@link #cause()} reports. (Every {@link CancelContext} accepts one.)
     */
    static CancelContext withCancelCause(Context parent) {
        return withCancel(parent);
    }

    /** A child that also ends at {@code deadline} (or earlier, with its parent). */
    static CancelContext withDeadline(Context parent, Instant deadline) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(deadline, "deadline");
        Optional<Instant> inherited = parent.deadline();
        if (inherited.isPresent() && inherited.get().isBefore(deadline)) {
            return new CancelContext(parent, null);       // the parent ends first anyway
        }
        return new CancelContext(parent, deadline);
    }

    /** A child that also ends after {@code timeout} (Go's {@code WithTimeout}). */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        return withDeadline(parent, Nanos.plus(Instant.now(), Objects.requireNonNull(timeout, "timeout")));
    }

    /** A child carrying {@code value} under {@code key}; otherwise its parent. */
    static <T> Context withValue(Context parent, Key<T> key, T value) {
        return new ValueContext(Objects.requireNonNull(parent, "parent"), Objects.requireNonNull(key, "key"), value);
    }

    /**
     * Arranges for {@code f} to run in its own goroutine once {@code ctx} ends (at once if it
     * already has). Go's {@code context.AfterFunc}. The goroutine runs on the scheduler of the
     * goroutine that called this; called from any other thread (or if that scheduler has shut
     * down by then), on the default scheduler.
     */
    static AfterFunc afterFunc(Context ctx, Body f) {
        return AfterFunc.register(ctx, Objects.requireNonNull(f, "f"));
    }

    // ------------------------------------------------------------------ the JDK's blocking calls

    /**
     * Interrupts the calling thread when this context ends, until the returned binding is
     * closed: the bridge from contexts to the JDK's interruptible blocking calls. At once if the
     * context has already ended; never for {@link #background()}.
     *
     * <pre>{@code
     * try (InterruptOnDone bound = ctx.interruptOnDone()) {
     *     return future.get();           // InterruptedException when ctx ends
     * }
     * }</pre>
     */
    default InterruptOnDone interruptOnDone() {
        return InterruptOnDone.bind(this);
    }

    /**
     * @throws ContextException if this context has ended
     */
    default void throwIfDone() {
        if (err() != null) {
            throw doneException();
        }
    }

    /** A new exception saying this context has ended, with its cause. */
    private ContextException doneException() {
        ContextException reason = err();
        Throwable cause = cause();
        return new ContextException(reason.getMessage(), reason.isDeadlineExceeded(), cause == reason ? null : cause);
    }

    /**
     * A key for {@link #withValue}: compared by identity, so two libraries using the same name
     * never collide (Go's unexported key types).
     *
     * @param <T> the type of the value it binds
     */
    final class Key<T> {
        private final String name;

        /** A new key; {@code name} is for {@link #toString()} only. */
        public Key(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "Context.Key[" + name + "]";
        }
    }
}
