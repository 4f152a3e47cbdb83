package dev.weft.coro;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A generator: a body that {@code yield}s values, read as an {@link Iterator} — Python's and
 * Kotlin's {@code sequence { yield(x) }}, for Java, which has no such statement.
 *
 * <pre>{@code
 * try (Generator<Long> fib = Generator.of(out -> {
 *     long a = 0, b = 1;
 *     while (true) {
 *         out.yield(a);
 *         long t = a + b; a = b; b = t;
 *     }
 * })) {
 *     fib.stream().limit(10).forEach(System.out::println);
 * }                                     // close() ends the (endless) body
 * }</pre>
 *
 * The body runs only when a value is asked for, up to its next {@code yield}. It may throw;
 * {@link #hasNext()} rethrows it. Not thread-safe: one reader.
 *
 * <p>Where the JVM exports {@code jdk.internal.vm} to Weft
 * ({@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}), the body runs on the reader's
 * own thread, on one of the JDK's continuations: a {@code next()} costs a stack switch, about a
 * quarter of a goroutine switch, and an abandoned generator is garbage like any object. The body
 * may block (a channel receive, a sleep): from a goroutine, that parks the goroutine. Otherwise
 * the body runs in a {@link Coroutine}, a goroutine of its own, and a generator you do not read
 * to the end keeps that goroutine parked until you close it. Either way, close what you do not
 * read to the end: closing runs the body's {@code finally} blocks.
 *
 * @param <T> what it yields
 */
public final class Generator<T> implements Iterator<T>, AutoCloseable {
    /*
     * Implementation overview.
     *
     * An Engine runs the body to its next yield and holds the value handed over, written by the
     * body and read by the reader in turn (exactly one of them runs at a time, so plain fields
     * do). OnContinuation mounts the body's continuation on the reader's thread; InCoroutine
     * resumes a coroutine, a goroutine that parks while the reader runs. Both end a suspended
     * body the same way: its pending yield throws Coroutine.Destroyed, which unwinds its stack;
     * a body that catches that and yields again is told so by close(), and every later yield
     * throws until it returns.
     */

    /**
     * A generator's body.
     *
     * @param <T> what it yields
     */
    @FunctionalInterface
    public interface Body<T> {
        /** Produces values by calling {@code out.yield(value)}. */
        void run(Yielder<T> out) throws Exception;
    }

    /**
     * Where a generator's body yields to.
     *
     * @param <T> what it yields
     */
    public interface Yielder<T> {
        /** Hands {@code value} to the reader and suspends until the next value is asked for. */
        void yield(T value);
    }

    /** Runs the body to its next yield, and holds the value it hands over. */
    private abstract static class Engine<T> implements Yielder<T> {
        T value;
        boolean full;

        @Override
        public final void yield(T v) {
            value = v;
            full = true;
            suspend();
        }

        /** The body's side: gives control back to the reader until the next resume. */
        abstract void suspend();

        /** The reader's side: runs the body until it yields or ends; rethrows what it threw. */
        abstract void resume();

        abstract boolean isFinished();

        /** Ends a suspended body, running its {@code finally} blocks; idempotent. */
        abstract void destroy();
    }

    /** The body on a JDK continuation, mounted on the reader's thread. */
    private static final class OnContinuation<T> extends Engine<T> {
        private final JdkContinuation continuation;
        private boolean started;
        private boolean ended;
        private boolean destroying;
        private boolean refused;
        private Throwable failure;

        OnContinuation(Body<T> body) {
            continuation = new JdkContinuation(() -> {
                try {
                    body.run(this);
                } catch (Coroutine.Destroyed d) {
                    // unwound on purpose
                } catch (Throwable t) {
                    failure = t;
                }
            });
        }

        @Override
        void suspend() {
            if (destroying) {
                refused = true;                  // caught the signal and yielded again
                throw new Coroutine.Destroyed();
            }
            JdkContinuation.yield();
            if (destroying) {
                throw new Coroutine.Destroyed();
            }
        }

        @Override
        void resume() {
            started = true;
            continuation.run();
            Throwable t = failure;
            if (t != null) {
                failure = null;
                Coroutine.rethrow(t);
            }
        }

        @Override
        boolean isFinished() {
            return ended || continuation.isDone();
        }

        @Override
        void destroy() {
            if (isFinished()) {
                return;
            }
            ended = true;
            if (!started) {
                return;                          // never run, never will
            }
            destroying = true;
            continuation.run();                  // the pending yield throws; the body unwinds
            failure = null;                      // what its finally blocks threw while unwinding
            if (refused) {
                throw Coroutine.refused("generator");
            }
        }
    }

    /** The body in a coroutine: a goroutine of its own, parked while the reader runs. */
    private static final class InCoroutine<T> extends Engine<T> {
        private final Coroutine co;

        InCoroutine(Body<T> body) {
            co = Coroutine.create(c -> body.run(this));
        }

        @Override
        void suspend() {
            co.yield();
        }

        @Override
        void resume() {
            co.resume();
        }

        @Override
        boolean isFinished() {
            return co.isFinished();
        }

        @Override
        void destroy() {
            co.destroy();
        }
    }

    private final Engine<T> engine;

    private Generator(Body<T> body) {
        this.engine = JdkContinuation.AVAILABLE ? new OnContinuation<>(body) : new InCoroutine<>(body);
    }

    /** A generator running {@code body} lazily. */
    public static <T> Generator<T> of(Body<T> body) {
        return new Generator<>(Objects.requireNonNull(body, "body"));
    }

    /**
     * Whether there is a next value: runs the body to its next {@code yield} if need be.
     *
     * @throws java.util.concurrent.CompletionException wrapping a checked exception of the body
     */
    @Override
    public boolean hasNext() {
        if (!engine.full && !engine.isFinished()) {
            engine.resume();
        }
        return engine.full;
    }

    /** The next value. @throws NoSuchElementException if the body has finished */
    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the generator has finished");
        }
        T v = engine.value;
        engine.value = null;
        engine.full = false;
        return v;
    }

    /** The remaining values as a sequential, lazy stream. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false);
    }

    /**
     * Ends the body if it has not finished: its pending {@code yield} throws an internal error
     * that unwinds its stack ({@code finally} blocks run) before this returns; a body never run
     * never runs. Idempotent.
     *
     * @throws IllegalStateException if the body caught the signal that ends it and yielded
     *                               again: it refused to end
     */
    @Override
    public void close() {
        engine.destroy();
    }
}
