package dev.weft.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Objects;

/**
 * A bounded queue for exactly one producer thread and one consumer thread: {@link #offer} and
 * {@link #poll} are wait-free (each finishes in a bounded number of its own steps, whatever the
 * other thread does), never block and never lock.
 *
 * <pre>{@code
 * SpscQueue<Event> q = new SpscQueue<>(4096);
 * // producer thread            // consumer thread
 * q.offer(event);               Event e = q.poll();   // null when empty
 * }</pre>
 *
 * <p>Only one thread at a time may call {@code offer} (the producer) and only one {@code poll} or
 * {@code peek} (the consumer); they may be different threads over time if each hand-over is
 * synchronised (a happens-before edge, as a thread start or a lock gives). Used that way,
 * {@code offer}, {@code poll} and {@code peek} are linearizable. As a {@link java.util.Queue}:
 * {@link #size()} is an estimate while the two run, and {@link #iterator()} is not supported.
 * {@code null} elements are refused.
 *
 * @param <E> the element type
 */
public final class SpscQueue<E> extends AbstractQueue<E> {
    /*
     * FastFlow's single-producer single-consumer ring: a slot's own content says whose it is.
     * Null means free, so the producer may fill it; non-null means full, so the consumer may take
     * it. The producer looks at slot tail & mask: if it holds an element the ring is full (the
     * linearization point of a failed offer, that acquire read); otherwise it stores the element
     * with release semantics (the linearization point of a successful offer), which publishes
     * the element's contents to the consumer's acquire read. The consumer looks at slot
     * head & mask: null means empty; otherwise it takes the element and stores null with release
     * semantics (the linearization point of a successful poll), handing the slot back.
     *
     * Neither thread reads the other's index, so there is no shared counter to bounce between
     * cores: each index is written by its owner only (opaque stores, for size() alone), and each
     * sits on a cache line of its own (PaddedIndex). Every operation is a fixed number of steps:
     * wait-free.
     */

    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] elements;
    private final int mask;
    private final PaddedIndex tail = new PaddedIndex();
    private final PaddedIndex head = new PaddedIndex();

    /**
     * @param capacity how many elements it holds at most: a positive power of two
     * @throws IllegalArgumentException if it is not
     */
    public SpscQueue(int capacity) {
        Capacity.check(capacity, 1);
        elements = new Object[capacity];
        mask = capacity - 1;
    }

    /**
     * The producer: adds {@code e} if there is room.
     *
     * @return whether it was added
     * @throws NullPointerException if {@code e} is null
     */
    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "SpscQueue elements must not be null");
        long t = tail.getOpaque();
        int slot = (int) t & mask;
        if (ELEMENT.getAcquire(elements, slot) != null) {
            return false;                    // full
        }
        ELEMENT.setRelease(elements, slot, e);
        tail.setOpaque(t + 1);
        return true;
    }

    /** The consumer: removes and returns the oldest element, or null if there is none. */
    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        long h = head.getOpaque();
        int slot = (int) h & mask;
        E e = (E) ELEMENT.getAcquire(elements, slot);
        if (e == null) {
            return null;                     // empty
        }
        ELEMENT.setRelease(elements, slot, null);
        head.setOpaque(h + 1);
        return e;
    }

    /** The consumer: the oldest element without removing it, or null if there is none. */
    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        return (E) ELEMENT.getAcquire(elements, (int) head.getOpaque() & mask);
    }

    /** How many elements it holds: exact from the producer or consumer when the other is idle, else an estimate. */
    @Override
    public int size() {
        long h = head.getAcquire();
        long t = tail.getAcquire();
        return (int) Math.max(0, Math.min(t - h, elements.length));
    }

    /** How many elements it can hold. */
    public int capacity() {
        return elements.length;
    }

    /** Not supported: the producer and the consumer change the slots under any walk. */
    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("SpscQueue cannot be iterated: poll its elements instead");
    }

    @Override
    public String toString() {
        return "SpscQueue[capacity=" + capacity() + ", size=" + size() + "]";
    }
}
