package dev.weft.sched;

import dev.weft.internal.Carrier;
import dev.weft.internal.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The live goroutines of one scheduler: their count, for {@link Scheduler#awaitQuiescence()}
 * and shutdown, and their list, for {@link Scheduler#goroutines()} and {@link Scheduler#dump()}.
 */
final class LiveSet {
    /*
     * Implementation overview.
     *
     * Every spawn and every exit passes through here, so this sits on the hottest path there is,
     * and what costs there is not work but cache lines moving between cores: a goroutine spawned
     * from a platform thread on one core runs and exits on a worker on another, and any structure
     * both sides write moves to and fro at every spawn. (A {@code ConcurrentHashMap} plus
     * {@code LongAdder}s cost about a fifth of a spawn; stripes picked by goroutine id, written by
     * both sides, still cost a sixth.) So each side writes only a stripe of its own:
     * <ul>
     *   <li>The spawner counts the spawn in <em>its</em> stripe ({@link #spawned()}): a worker's own
     *       stripe when a goroutine spawns, one picked by thread id for other threads.</li>
     *   <li>The goroutine links itself into the list of the stripe of the worker it starts on,
     *       as its first act ({@link #started}), and unlinks itself from that same stripe as its
     *       last, counting its exit there ({@link #exited}). A goroutine that moved to another
     *       worker in between reaches back to its first one then; the common spawn-run-exit
     *       touches one worker's stripe only.</li>
     * </ul>
     * Stripes are a power-of-two array, the first half for workers (by worker index), the second
     * for other threads (by thread id), each an intrusive doubly-linked list (the links live in
     * {@link Goroutine}) guarded by a tiny spin lock, and padded so that two workers' stripes never
     * share a cache line. Counts are monotonic and changed by atomic add, so a stripe shared by two
     * threads (compensating workers beyond the first half, or colliding thread ids) stays exact.
     *
     *
     * {@link #size()} reads every stripe's exits before any stripe's spawns: an exit seen in
     * the first pass followed its spawn, so the second pass sees that spawn; the result is never
     * below the number of goroutines alive throughout the call, and zero means there was an instant
     * with none alive (no goroutine is spawned by one already gone). A goroutine that has been
     * spawned but has not started yet is counted but not listed: the list is of goroutines that
     * have run, which are the ones with a stack to show.
     *
     *
     * Lists are read only by introspection, which locks one stripe at a time: a snapshot per
     * stripe, not of the whole set.
     */

    private static final VarHandle SPAWNED;
    private static final VarHandle EXITED;
    /** Stripes are indexed by a byte in {@link Goroutine}; this keeps them in its range. */
    private static final int MAX_STRIPES = 64;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SPAWNED = l.findVarHandle(Stripe.class, "spawned", long.class);
            EXITED = l.findVarHandle(Stripe.class, "exited", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One list, its lock and its counts. */
    static class Stripe extends SpinLock {
        Goroutine head;                  // guarded by the lock
        volatile long spawned;           // changed by atomic add only
        volatile long exited;            // changed by atomic add only
    }

    /**
     * A stripe followed by a cache line's worth of unused fields: stripes are allocated one
     * after another, and HotSpot lays a subclass's fields after its superclass's, so this keeps
     * the next stripe's fields off the line this one's are written on.
     */
    @SuppressWarnings("unused")
    static final class PaddedStripe extends Stripe {
        private long p1, p2, p3, p4, p5, p6, p7, p8;
    }

    private final Stripe[] stripes;
    private final int half;

    LiveSet() {
        int n = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 4 - 1)) << 1;
        n = Math.max(2, Math.min(n, MAX_STRIPES));
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new PaddedStripe();
        }
        half = n / 2;
    }

    /** The calling thread's stripe: its worker's if it runs on one, else one by thread id. */
    private int stripeOfCaller() {
        if (Carrier.currentThread() instanceof Worker w) {
            return w.index & (half - 1);
        }
        long h = Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L;
        return half + ((int) (h >>> 40) & (half - 1));
    }

    /**
     * Counts a goroutine about to start, on the spawning thread. The add is a volatile
     * read-modify-write: the caller's later reads are ordered after it (the spawn half of the
     * Dekker pair with shutdown).
     */
    void spawned() {
        SPAWNED.getAndAdd(stripes[stripeOfCaller()], 1L);
    }

    /** Lists {@code g}; called by {@code g} itself as it starts. */
    void started(Goroutine g) {
        int i = stripeOfCaller();
        Stripe s = stripes[i];
        s.lock();
        try {
            Goroutine h = s.head;
            g.nextLive = h;
            if (h != null) {
                h.prevLive = g;
            }
            s.head = g;
            g.stripe = (byte) i;
        } finally {
            try {
                s.unlock();
            } catch (StackOverflowError overflow) {
                s.locked = 0;            // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
    }

    /**
     * Unlists {@code g} if it was listed and counts its exit; called by {@code g} as it ends, or
     * by its spawner when it never started. The count is a volatile read-modify-write: the
     * caller's later reads are ordered after it (a Dekker pair with whoever waits for the set
     * to empty).
     */
    void exited(Goroutine g) {
        if (g.stripe < 0) {
            exitedUnlisted();
            return;
        }
        Stripe s = stripes[g.stripe];
        s.lock();
        try {
            Goroutine p = g.prevLive;
            Goroutine n = g.nextLive;
            if (p != null) {
                p.nextLive = n;
            } else if (s.head == g) {
                s.head = n;
            }
            if (n != null) {
                n.prevLive = p;
            }
            g.prevLive = null;
            g.nextLive = null;
            g.stripe = -1;
            EXITED.getAndAdd(s, 1L);
        } finally {
            try {
                s.unlock();
            } catch (StackOverflowError overflow) {
                s.locked = 0;            // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
    }

    /**
     * Counts the exit of a goroutine that was never listed: one that never started, one listed
     * by a {@link LeakWatch} instead, or one that leaked (collected while it waited). Ordered as
     * {@link #exited}.
     */
    void exitedUnlisted() {
        EXITED.getAndAdd(stripes[stripeOfCaller()], 1L);
    }

    /**
     * Goroutines spawned and not yet exited. Every stripe's exits are read before any stripe's
     * spawns (see the class comment): never below the number alive throughout the call.
     */
    long size() {
        long exited = 0;
        for (Stripe s : stripes) {
            exited += s.exited;
        }
        return spawnedTotal() - exited;
    }

    /** Goroutines ever counted by {@link #spawned()}. */
    long spawnedTotal() {
        long spawned = 0;
        for (Stripe s : stripes) {
            spawned += s.spawned;
        }
        return spawned;
    }

    /** Appends every listed goroutine (started and not exited) to {@code out}. */
    void snapshot(List<Goroutine> out) {
        for (Stripe s : stripes) {
            s.lock();
            try {
                for (Goroutine g = s.head; g != null; g = g.nextLive) {
                    out.add(g);
                }
            } finally {
                try {
                    s.unlock();
                } catch (StackOverflowError overflow) {
                    s.locked = 0;            // see SpinLock: a field store cannot overflow
                    throw overflow;
                }
            }
        }
    }
}
