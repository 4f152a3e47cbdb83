package dev.weft.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A bounded work-stealing deque: one owner thread pushes and pops at the bottom (last in,
 * first out, as a call stack of tasks), and any number of thieves steal from the top (first
 * in, first out: the oldest, often largest, tasks). Chase and Lev's deque on a fixed ring.
 *
 * <pre>{@code
 * WorkStealingDeque<Task> mine = new WorkStealingDeque<>(256);   // one per worker
 * mine.push(task);                          // owner
 * Task next = mine.pop();                   // owner: the newest, null when empty
 * Task taken = victim.steal();              // any thread: the oldest
 * int moved = victim.stealHalfInto(mine);   // the caller owns mine
 * }</pre>
 *
 * <ul>
 *   <li>{@link #push} and {@link #pop} may be called by the owner only, one thread at a time
 *       (a worker and the goroutines mounted on it count as one); {@link #steal},
 *       {@link #stealHalfInto}, {@link #size} and {@link #isEmpty} by any thread.</li>
 *   <li>{@link #push}, {@link #pop} and {@link #steal} are linearizable. A steal may return
 *       null while the owner pops the last element: it was the owner's.</li>
 *   <li>{@link #push} returns false when the deque is full. It waits (spinning) only while a
 *       thief that has claimed the slot it needs is between its claim and emptying that slot:
 *       two instructions, as {@link MpmcQueue} waits for an in-flight claim.</li>
 *   <li>{@link #stealHalfInto} is a sequence of {@link #steal}s, not one atomic move.</li>
 *   <li>{@link #size} is a snapshot, exact only when nothing runs concurrently. {@code null}
 *       elements are refused.</li>
 * </ul>
 *
 * @param <E> the element type
 */
public final class WorkStealingDeque<E> {
    /*
     * Chase and Lev's algorithm ("Dynamic Circular Work-Stealing Deque", 2005; the memory
     * orderings of Lê et al., "Correct and Efficient Work-Stealing for Weak Memory Models",
     * 2013) on a ring that does not grow.
     *
     * Two ever-increasing long indexes: `top`, advanced by CAS (by thieves, and by the owner
     * racing them for the last element), and `bottom`, written by the owner only. The elements
     * are at indexes top .. bottom - 1.
     *
     *   push: write the slot at `bottom`, then publish `bottom + 1` (release). Linearization
     *         point: that store. Whether there is room is judged from `topSeen`, the owner's
     *         last reading of `top`: `top` only grows, so the stale value can only say "full"
     *         wrongly, and then `top` is read (and `topSeen` written) again. So the owner pulls
     *         the line that every steal writes only when the ring looks full, not on every
     *         push, and writes the deque's own line (which every steal reads for `ring` and
     *         `mask`) no more often than that.
     *   pop:  take `bottom - 1` by storing it to `bottom`, then read `top`; the store and the
     *         read are volatile, so a thief that reads `bottom` after the store sees it, and one
     *         that read it before had read `top` before too, which the owner then sees advanced
     *         if that thief succeeded. If top < new bottom, no thief can claim that index: it is
     *         the owner's (linearized at the store). If top == new bottom, it is the last
     *         element, and the owner and the thieves race for it by CAS on `top`; either way
     *         `bottom` is restored to top + 1. If top > new bottom, it was empty.
     *   steal: read `top`, then `bottom` (volatile); if top < bottom, CAS `top` to top + 1,
     *          which claims index top (linearization point); a failed CAS retries.
     *
     * Who reads a slot owns it. A thief reads its slot after its claim, not before (as the
     * original reads before): between its claim and its store of null the slot is its, and the
     * owner writes a slot only when it is null (push waits for an in-flight claim to end). So
     * the owner cannot overwrite a claimed element, a consumed slot keeps no reference (the
     * garbage collector can reclaim what a finished task held), and no index is taken twice.
     */

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] ring;
    private final int mask;
    private final PaddedIndex top = new PaddedIndex();
    private final PaddedIndex bottom = new PaddedIndex();
    /** The owner's last reading of {@code top}, never ahead of it (owner only). */
    private long topSeen;

    /**
     * Creates an empty deque holding at most {@code capacity} elements.
     *
     * @throws IllegalArgumentException if {@code capacity} is not a positive power of two
     */
    public WorkStealingDeque(int capacity) {
        ring = new Object[Capacity.check(capacity, 1)];
        mask = capacity - 1;
    }

    /**
     * Owner: adds {@code e} at the bottom; false if the deque is full.
     *
     * @throws NullPointerException if {@code e} is null
     */
    public boolean push(E e) {
        Objects.requireNonNull(e, "WorkStealingDeque elements must not be null");
        long b = bottom.getOpaque();         // written by this thread only
        if (b - topSeen >= ring.length && b - (topSeen = top.getAcquire()) >= ring.length) {
            return false;
        }
        int slot = (int) b & mask;
        while (SLOT.getAcquire(ring, slot) != null) {
            Thread.onSpinWait();             // the thief that claimed index b - capacity is emptying it
        }
        SLOT.setRelease(ring, slot, e);
        bottom.setRelease(b + 1);
        return true;
    }

    /** Owner: removes and returns the newest element, or null if the deque is empty. */
    public E pop() {
        long b = bottom.getOpaque() - 1;
        bottom.setVolatile(b);
        long t = top.getVolatile();
        if (t > b) {
            bottom.setOpaque(b + 1);         // it was empty
            return null;
        }
        if (t == b) {
            boolean won = top.compareAndSet(t, t + 1);   // the last one: race the thieves for it
            bottom.setOpaque(b + 1);
            if (!won) {
                return null;
            }
        }
        return take(b);
    }

    /** Any thread: removes and returns the oldest element, or null if the deque is empty. */
    public E steal() {
        for (;;) {
            long t = top.getVolatile();
            long b = bottom.getVolatile();
            if (t >= b) {
                return null;
            }
            if (top.compareAndSet(t, t + 1)) {
                return take(t);
            }
        }
    }

    /**
     * Moves up to half of this deque's elements (rounded up), oldest first, into {@code into},
     * which the calling thread must own, by stealing them one at a time; stops early if this
     * deque empties or {@code into} fills. Returns how many moved.
     *
     * @throws IllegalArgumentException if {@code into} is this deque
     */
    public int stealHalfInto(WorkStealingDeque<E> into) {
        if (into == this) {
            throw new IllegalArgumentException("a deque cannot steal from itself");
        }
        int half = (size() + 1) / 2;
        int moved = 0;
        while (moved < half && into.size() < into.ring.length) {
            E e = steal();
            if (e == null) {
                break;
            }
            into.push(e);                    // room: only the caller adds to it
            moved++;
        }
        return moved;
    }

    /** A consumer's claimed index: its element, its slot emptied. */
    @SuppressWarnings("unchecked")
    private E take(long index) {
        int slot = (int) index & mask;
        E e = (E) SLOT.getAcquire(ring, slot);
        SLOT.setRelease(ring, slot, null);
        return e;
    }

    /** How many elements it holds: a snapshot, exact only when nothing runs concurrently. */
    public int size() {
        long t = top.getAcquire();
        long b = bottom.getAcquire();
        return (int) Math.max(0, Math.min(b - t, ring.length));
    }

    /** Whether it holds no element: a snapshot, as {@link #size}. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** The most elements it holds. */
    public int capacity() {
        return ring.length;
    }
}
