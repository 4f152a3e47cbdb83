package dev.weft.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Objects;

/**
 * A bounded queue for any number of producers and consumers that never blocks and never locks:
 * {@link #offer} returns false when it is full, {@link #poll} null when it is empty.
 *
 * <pre>{@code
 * MpmcQueue<Task> q = new MpmcQueue<>(1024);
 * if (!q.offer(task)) handleFull(task);
 * Task next = q.poll();           // null when empty
 * }</pre>
 *
 * <p>{@code offer}, {@code poll} and {@code peek} are linearizable: {@code offer} fails only when
 * the queue is full, {@code poll} and {@code peek} return null only when it is empty. They take
 * no lock; a thread that finds a slot that another has claimed but not yet filled (or emptied)
 * spins until that thread finishes, as JCTools' {@code MpmcArrayQueue} does. It is a
 * {@link java.util.Queue} where that contract fits: {@link #size()} is an estimate under
 * concurrent use (exact when quiescent), and {@link #iterator()} is not supported (there is no
 * consistent way to walk slots that producers and consumers are changing), so neither are the
 * bulk operations built on it ({@code contains}, {@code toString} of the elements,
 * {@code remove(Object)}). {@code null} elements are refused.
 *
 * @param <E> the element type
 */
public final class MpmcQueue<E> extends AbstractQueue<E> {
    /*
     * Dmitry Vyukov's bounded MPMC queue. Each slot i carries a sequence number, initially i.
     * A producer at position p (taken from tail) may fill slot p & mask only when that slot's
     * sequence equals p: the slot is free for this lap. It claims position p by CAS on tail
     * (the linearization point of a successful offer), writes the element, then publishes it by
     * setting the sequence to p + 1 (release). A consumer at position c (from head) may take slot
     * c & mask only when its sequence equals c + 1: filled for this lap. It claims c by CAS on
     * head (the linearization point of a successful poll), reads the element, clears the slot,
     * and frees it for the next lap by setting the sequence to c + capacity (release).
     *
     * A sequence below the expected one means the slot is still in use from the lap before. That
     * is "full" for a producer only if no consumer has claimed the element there (head is still
     * at least a lap behind: the acquire read of head is the linearization point of a failed
     * offer), and "empty" for a consumer only if no producer has claimed the position (tail has
     * not passed it: the read of tail is that of a failed poll). Otherwise a claimer is between
     * its CAS and its release store, and the caller spins until it finishes: returning then would
     * report a full or empty queue that, in the order of the CASes, is not. A sequence above the
     * expected one means another thread took the position: reload the index and retry.
     *
     * Ordering: the sequence's release store publishes the element (or its clearing) to the
     * acquire read of the next thread to use the slot; the element itself is stored with release
     * too, for peek, which reads the element and then the sequence again (acquire) to tell the
     * head element from one of a later lap; the indexes need only their CAS (and
     * opaque reads, re-validated by the CAS).
     *
     * The read of the other side's index is the expensive one: it is the line that side writes
     * on every operation. A thread spinning past a slot in use reads it once per call and then
     * only while its cached copy still says "full" (or "empty"): indexes only grow, so a cached
     * head that is already past p - capacity (a tail already past c) proves the answer the
     * fresh read would give. The failing read is always a fresh one.
     *
     * Sequence numbers are stored as ints, the low 32 bits of the position, and compared by
     * their wrapped difference (dif above is that difference, as an int). That keeps sixteen of
     * them on a cache line instead of eight, and the lines a producer and a consumer hand each
     * other are what a transfer costs (docs/benchmarks.md has the measurement). With a capacity
     * of at most 2^30, the true difference for a current position fits an int. Only a thread
     * whose position is 2^31 or more behind the index can misjudge a slot from a wrapped
     * difference, and nothing it concludes survives: a "free" or "filled" slot leads to a CAS
     * on the index, which fails because the index has moved on; a "full" or "empty" one is
     * confirmed only by a fresh read of the other index, which is then far past it, so the
     * thread reloads and retries. peek confirms by reading head again that the element it read
     * is that of the position it started from: while head stays at c, slot c's true sequence
     * is c - capacity + 1, c or c + 1, which the low 32 bits tell apart.
     *
     * Layout: tail and head live on cache lines of their own (PaddedIndex). Both arrays have
     * PAD_BYTES of unused slots at each end, so that no slot in use shares a line with the
     * array's header (whose length every access reads for its bounds check) or with the
     * neighbouring array or object. Neighbouring slots share lines, since they are used a
     * lap apart by design.
     */

    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Object[].class);
    /** Unused bytes at each end of both arrays: two cache lines, against the adjacent-line prefetch too. */
    private static final int PAD_BYTES = 128;
    private static final int SEQUENCE_PAD = PAD_BYTES / Integer.BYTES;
    private static final int ELEMENT_PAD = PAD_BYTES / 4;       // compressed references; more is harmless

    private final int[] sequences;
    private final Object[] elements;
    private final int mask;
    private final PaddedIndex tail = new PaddedIndex();
    private final PaddedIndex head = new PaddedIndex();

    /**
     * @param capacity how many elements it holds at most: a power of two of at least 2 (with
     *                 one slot, "filled for this lap" and "free for the next" would be the same
     *                 sequence number)
     * @throws IllegalArgumentException if it is not
     */
    public MpmcQueue(int capacity) {
        this(capacity, 0);
    }

    /**
     * A queue whose first element takes position {@code first} (0 for every queue but those of
     * the tests that cross the positions where their low 32 bits wrap around).
     */
    MpmcQueue(int capacity, long first) {
        Capacity.check(capacity, 2);
        sequences = new int[capacity + 2 * SEQUENCE_PAD];
        elements = new Object[capacity + 2 * ELEMENT_PAD];
        mask = capacity - 1;
        for (int i = 0; i < capacity; i++) {
            sequences[SEQUENCE_PAD + i] = (int) (first + ((i - first) & mask));   // slot i's first position
        }
        tail.setOpaque(first);
        head.setOpaque(first);
    }

    /**
     * Adds {@code e} if there is room.
     *
     * @return whether it was added; false only if the queue is full
     * @throws NullPointerException if {@code e} is null
     */
    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "MpmcQueue elements must not be null");
        long p = tail.getOpaque();
        long h = Long.MIN_VALUE;             // head as last read: a lower bound of head
        for (;;) {
            int i = (int) p & mask;
            int dif = sequence(i) - (int) p;
            if (dif == 0) {
                if (tail.compareAndSet(p, p + 1)) {
                    ELEMENT.setRelease(elements, ELEMENT_PAD + i, e);
                    SEQUENCE.setRelease(sequences, SEQUENCE_PAD + i, (int) p + 1);
                    return true;
                }
            } else if (dif < 0) {
                long lap = p - (mask + 1);
                if (lap >= h && lap >= (h = head.getAcquire())) {
                    return false;            // full: no consumer has claimed the oldest element
                }
                // else a consumer is still freeing the slot
            }
            p = tail.getOpaque();
        }
    }

    /** Removes and returns the oldest element, or null only if the queue is empty. */
    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        long c = head.getOpaque();
        long t = Long.MIN_VALUE;             // tail as last read: a lower bound of tail
        for (;;) {
            int i = (int) c & mask;
            int dif = sequence(i) - ((int) c + 1);
            if (dif == 0) {
                if (head.compareAndSet(c, c + 1)) {
                    E e = (E) ELEMENT.get(elements, ELEMENT_PAD + i);
                    ELEMENT.set(elements, ELEMENT_PAD + i, null);
                    SEQUENCE.setRelease(sequences, SEQUENCE_PAD + i, (int) c + mask + 1);
                    return e;
                }
            } else if (dif < 0) {
                if (c >= t && c >= (t = tail.getAcquire())) {
                    return null;             // empty: no producer has claimed this position
                }
                // else a producer is still filling the slot
            }
            c = head.getOpaque();
        }
    }

    /** The oldest element without removing it, or null only if the queue is empty (it may be gone at once). */
    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        for (;;) {
            long c = head.getAcquire();
            int i = (int) c & mask;
            int filled = (int) c + 1;
            int dif = sequence(i) - filled;
            if (dif == 0) {
                E e = (E) ELEMENT.getAcquire(elements, ELEMENT_PAD + i);
                if (e != null && sequence(i) == filled && head.getAcquire() == c) {
                    return e;                // still position c's element, and c still the head
                }
            } else if (dif < 0) {
                if (c >= tail.getAcquire()) {
                    return null;
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Slot {@code i}'s sequence number, the low 32 bits of a position (acquire). */
    private int sequence(int i) {
        return (int) SEQUENCE.getAcquire(sequences, SEQUENCE_PAD + i);
    }

    /** How many elements it holds: exact when no thread is adding or removing, else an estimate. */
    @Override
    public int size() {
        for (;;) {
            long c = head.getAcquire();
            long p = tail.getAcquire();
            if (head.getAcquire() == c) {
                return (int) Math.max(0, Math.min(p - c, capacity()));
            }
        }
    }

    @Override
    public boolean isEmpty() {
        return peek() == null;
    }

    /** How many elements it can hold. */
    public int capacity() {
        return mask + 1;
    }

    /** Not supported: slots change under any walk (see the class documentation). */
    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("MpmcQueue cannot be iterated: poll its elements instead");
    }

    @Override
    public String toString() {
        return "MpmcQueue[capacity=" + capacity() + ", size=" + size() + "]";
    }
}
