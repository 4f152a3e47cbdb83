package dev.weft.scope;

import dev.weft.Weft;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import dev.weft.sync.Semaphore;
import dev.weft.sync.WaitGroup;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A task group whose goroutines cannot outlive it: Go's {@code errgroup.Group} with its
 * context, as a block.
 *
 * <pre>{@code
 * try (Scope scope = Scope.open().limit(8)) {      // at most 8 at once
 *     for (String url : urls) {
 *         scope.go(() -> pages.send(fetch(url)));  // may throw IOException
 *     }
 *     scope.join();                                // waits for all; rethrows the first failure
 * }                                                // close(): cancels and waits, if join did not
 * }</pre>
 *
 * <ul>
 *   <li>Its goroutines run under {@link #context()}, a child of the opener's current context:
 *       their blocking operations end when it is cancelled.</li>
 *   <li>The first failure cancels the context (with the failure as its cause), so the others
 *       stop at their next blocking operation. {@link #join()} waits for every goroutine, then
 *       rethrows that failure with the later ones attached as suppressed — except the
 *       {@link ContextException}s the cancellation itself caused, which are noise. An
 *       unchecked failure is rethrown as it is, a checked one wrapped in a
 *       {@link CompletionException}.</li>
 *   <li>{@link #close()} cancels the context if {@link #join()} has not returned, waits for every
 *       goroutine (not interruptibly, and under no context: nothing escapes), and throws a
 *       failure that {@link #join()} did not report, so none is lost.</li>
 *   <li>{@link #limit(int)}: {@link #go} waits while that many run (errgroup's
 *       {@code SetLimit}).</li>
 * </ul>
 *
 * <p>Compared with the JDK's {@code StructuredTaskScope} (a preview through Java 25): the
 * same shape (fork, join, close waits, cancellation on failure), but Weft's goroutines run on
 * Weft's scheduler and are cancelled through a {@link Context} — their channel, select, sleep and
 * sync waits end with a {@link ContextException} — rather than by interrupting them; the policy
 * is fixed to errgroup's (first failure wins, cancels the rest) rather than pluggable; the
 * forking code need not be the owner (any goroutine may call {@link #go}, as errgroup allows);
 * and a limit on concurrency is built in.
 */
public final class Scope implements AutoCloseable {
    /*
     * Implementation overview.
     *
     * A {@link WaitGroup} counts the goroutines (added before each starts, so {@code join} cannot
     * miss one), an optional {@link Semaphore} bounds them, and an {@link AtomicReference} holds
     * the first failure: whoever sets it cancels the context. Later failures go to a concurrent
     * queue and are attached when {@code join} rethrows.
     */

    private final CancelContext ctx;
    private final WaitGroup running = new WaitGroup();
    private final AtomicReference<Throwable> first = new AtomicReference<>();
    private final Queue<Throwable> later = new ConcurrentLinkedQueue<>();
    private volatile Semaphore limit;
    private volatile boolean started;
    private volatile boolean reported;
    private volatile boolean joined;
    private volatile boolean closing;

    private Scope(Context parent) {
        this.ctx = parent.withCancel();
    }

    /** A scope under the caller's current context. */
    public static Scope open() {
        return new Scope(Context.current());
    }

    /** A scope under {@code parent}: it ends when {@code parent} does. */
    public static Scope open(Context parent) {
        return new Scope(Objects.requireNonNull(parent, "parent"));
    }

    /**
     * Lets at most {@code n} goroutines of this scope run at once; {@link #go} waits for a
     * free slot. Set before the first {@code go}.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws IllegalStateException    if a goroutine has already been started
     */
    public Scope limit(int n) {
        if (n < 1) {
            ctx.cancel();                    // a chained open().limit(0) leaves no context behind
            throw new IllegalArgumentException("scope limit must be at least 1, but is " + n);
        }
        if (started) {
            throw new IllegalStateException("set a scope's limit before its first go");
        }
        limit = new Semaphore(n);
        return this;
    }

    /** The scope's context: cancelled by the first failure, by {@link #cancel()} or by {@link #close()}. */
    public CancelContext context() {
        return ctx;
    }

    /** Cancels the scope's context: its goroutines stop at their next blocking operation. */
    public void cancel() {
        ctx.cancel();
    }

    /** Starts a goroutine in this scope; see {@link #go(String, Body)}. */
    public Goroutine go(Body body) {
        return start(null, body);
    }

    /**
     * Starts a goroutine named {@code name} in this scope, running {@code body} under
     * {@link #context()}. With a {@link #limit(int)}, waits first for a free slot.
     *
     * @throws IllegalStateException if the scope has been joined or closed
     * @throws ContextException      if the caller's current context ends while it waits for a slot
     * @throws java.util.concurrent.CancellationException if the caller is interrupted meanwhile
     */
    public Goroutine go(String name, Body body) {
        return start(Objects.requireNonNull(name, "name"), body);
    }

    private Goroutine start(String name, Body body) {
        Objects.requireNonNull(body, "body");
        if (joined) {
            throw new IllegalStateException("scope already joined or closed: it starts no more goroutines");
        }
        started = true;
        Semaphore slots = limit;
        if (slots != null) {
            slots.acquire(1);
        }
        running.add(1);
        Body task = () -> {
            try {
                ctx.run(body.asRunnable());
            } catch (Throwable t) {
                fail(t);
            } finally {
                if (slots != null) {
                    slots.release(1);
                }
                running.done();
            }
        };
        try {
            return name != null ? Weft.go(name, task) : Weft.go(task);
        } catch (RuntimeException | Error e) {
            if (slots != null) {
                slots.release(1);
            }
            running.done();
            throw e;
        }
    }

    private void fail(Throwable t) {
        if (closing && t instanceof ContextException) {
            return;                          // close() cancelled it on purpose
        }
        if (first.compareAndSet(null, t)) {
            ctx.cancel(t);
        } else if (!(t instanceof ContextException && ctx.cause() == first.get())) {
            later.add(t);                    // a failure of its own, not the cancellation's echo
        }
    }

    /**
     * Waits for every goroutine of the scope, then rethrows the first failure, if any (see the
     * class comment). After it returns, the scope starts no more goroutines.
     *
     * @throws ContextException      if the caller's current context ends first (the goroutines
     *                               keep running; {@link #close()} cancels and waits for them)
     * @throws java.util.concurrent.CancellationException if the caller is interrupted first
     *                               (likewise)
     */
    public void join() {
        running.await();
        joined = true;
        rethrowFailure();
    }

    private void rethrowFailure() {
        Throwable f = first.get();
        if (f == null || reported) {
            return;
        }
        reported = true;
        for (Throwable t; (t = later.poll()) != null; ) {
            f.addSuppressed(t);
        }
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        throw new CompletionException(f);
    }

    /**
     * Ends the scope: cancels its context unless {@link #join()} has returned, and waits for
     * every goroutine. Throws a failure {@link #join()} did not report. No goroutine outlives
     * its scope, so neither an interrupt nor the caller's context ends this wait: an interrupt
     * that arrives meanwhile is kept for the caller's next wait.
     */
    @Override
    public void close() {
        if (!joined) {
            joined = true;
            closing = true;
            ctx.cancel();
        }
        awaitGoroutines();
        ctx.cancel();                        // release it from its parent
        rethrowFailure();
    }

    /** Waits for every goroutine, under no context and deaf to interrupts (restored after). */
    private void awaitGoroutines() {
        boolean interrupted = false;
        while (true) {
            try {
                Context.background().run(running::await);
                break;
            } catch (CancellationException e) {
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
