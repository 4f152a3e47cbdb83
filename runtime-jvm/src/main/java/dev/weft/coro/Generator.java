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
 * The body runs in a {@link Coroutine}: only when a value is asked for, up to its next
 * {@code yield}. It may throw; {@link #hasNext()} rethrows it. Close a generator you do not read
 * to the end: its body is parked in a goroutine until then. Not thread-safe: one reader.
 *
 * @param <T> what it yields
 */
public final class Generator<T> implements Iterator<T>, AutoCloseable {
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

    /** The value handed over: written by the body, read by the reader, in turn. */
    private static final class Slot<T> implements Yielder<T> {
        Coroutine co;                        // set once, before the body first runs
        T value;
        boolean full;

        @Override
        public void yield(T v) {
            value = v;
            full = true;
            co.yield();
        }
    }

    private final Slot<T> slot;
    private final Coroutine co;

    private Generator(Body<T> body) {
        Slot<T> s = new Slot<>();
        this.slot = s;
        this.co = Coroutine.create(c -> body.run(s));
        s.co = co;
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
        if (!slot.full && !co.isFinished()) {
            co.resume();
        }
        return slot.full;
    }

    /** The next value. @throws NoSuchElementException if the body has finished */
    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the generator has finished");
        }
        T v = slot.value;
        slot.value = null;
        slot.full = false;
        return v;
    }

    /** The remaining values as a sequential, lazy stream. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false);
    }

    /**
     * Ends the body if it has not finished (see {@link Coroutine#destroy()}).
     *
     * @throws IllegalStateException if the body caught the signal that ends it and yielded
     *                               again: it refused to end
     */
    @Override
    public void close() {
        co.destroy();
    }
}
