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
public final class SpscQueue<E> extends SpscConsumerIndex<E> {
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
     * The producer need not read every slot before filling it: the consumer frees slots in
     * order, so a free slot lookAhead positions ahead (its acquire read seeing the consumer's
     * release of null there, and so, by the consumer's program order, of every slot before it)
     * proves the slots up to it free; the producer records that bound (producerLimit) and fills up
     * to it without reading them (JCTools' SpscArrayQueue does the same). Only when the slot
     * ahead is still full does it read the slot it is about to fill.
     *
     * Neither thread reads the other's index, so there is no shared counter to bounce between
     * cores: each index is written by its owner only (opaque stores, for size() alone), and each
     * sits on a cache line of its own: the fields live in a chain of superclasses (the JVM lays a
     * superclass's fields out first), padding, the producer's index and limit, padding, the
     * consumer's index, padding (this class's own fields), with no indirection on either path.
     * Every operation is a fixed number of steps: wait-free.
     */

    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Object[].class);

    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6, q7;

    /**
     * @param capacity how many elements it holds at most: a positive power of two
     * @throws IllegalArgumentException if it is not
     */
    public SpscQueue(int capacity) {
        super(new Object[Capacity.check(capacity, 1)], capacity - 1, Math.max(1, Math.min(capacity / 4, 4096)));
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
        Object[] elements = this.elements;
        long t = tail;
        int slot = (int) t & mask;
        if (t >= producerLimit) {
            if (ELEMENT.getAcquire(elements, (int) (t + lookAhead) & mask) == null) {
                producerLimit = t + lookAhead;   // that slot is free, so every one before it is
            } else if (ELEMENT.getAcquire(elements, slot) != null) {
                return false;                    // full
            }
        }
        ELEMENT.setRelease(elements, slot, e);
        TAIL.setOpaque(this, t + 1);
        return true;
    }

    /** The consumer: removes and returns the oldest element, or null if there is none. */
    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        Object[] elements = this.elements;
        long h = head;
        int slot = (int) h & mask;
        E e = (E) ELEMENT.getAcquire(elements, slot);
        if (e == null) {
            return null;                     // empty
        }
        ELEMENT.setRelease(elements, slot, null);
        HEAD.setOpaque(this, h + 1);
        return e;
    }

    /** The consumer: the oldest element without removing it, or null if there is none. */
    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        return (E) ELEMENT.getAcquire(elements, (int) (long) HEAD.getOpaque(this) & mask);
    }

    /** How many elements it holds: exact from the producer or consumer when the other is idle, else an estimate. */
    @Override
    public int size() {
        long h = (long) HEAD.getAcquire(this);
        long t = (long) TAIL.getAcquire(this);
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

/** The ring, read by both threads and written by neither. */
abstract class SpscRing<E> extends AbstractQueue<E> {
    final Object[] elements;
    final int mask;
    /** How far ahead the producer looks for a free slot: a quarter of the ring, at most 4,096. */
    final int lookAhead;

    SpscRing(Object[] elements, int mask, int lookAhead) {
        this.elements = elements;
        this.mask = mask;
        this.lookAhead = lookAhead;
    }
}

/**
 * Padding after the ring's fields. A class of its own: within one class the JVM orders fields by
 * size, so padding declared beside the ring's fields could be laid out before them.
 */
abstract class SpscPadAfterRing<E> extends SpscRing<E> {
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7;

    SpscPadAfterRing(Object[] elements, int mask, int lookAhead) {
        super(elements, mask, lookAhead);
    }
}

/** The producer's fields, on a line of their own. */
abstract class SpscProducerIndex<E> extends SpscPadAfterRing<E> {
    static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(SpscProducerIndex.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Written by the producer only (opaque), read by it plainly. */
    long tail;
    /** Producer-only: positions below it are known free. */
    long producerLimit;

    SpscProducerIndex(Object[] elements, int mask, int lookAhead) {
        super(elements, mask, lookAhead);
    }
}

/** Padding between the producer's fields and the consumer's. */
abstract class SpscPadAfterProducer<E> extends SpscProducerIndex<E> {
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17;

    SpscPadAfterProducer(Object[] elements, int mask, int lookAhead) {
        super(elements, mask, lookAhead);
    }
}

/** The consumer's index, on a line of its own. */
abstract class SpscConsumerIndex<E> extends SpscPadAfterProducer<E> {
    static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(SpscConsumerIndex.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Written by the consumer only (opaque), read by it plainly. */
    long head;

    SpscConsumerIndex(Object[] elements, int mask, int lookAhead) {
        super(elements, mask, lookAhead);
    }
}
