package dev.weft.sched;

import dev.weft.internal.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The live goroutines of one scheduler, for {@link Scheduler#goroutines()} and
 * {@link Scheduler#dump()}.
 *
 * <h2>Implementation overview</h2>
 * Every spawn adds a goroutine and every exit removes it, from whichever threads spawn and
 * finish them, so this sits on the hottest path there is. It is a power-of-two array of
 * stripes, each an intrusive doubly-linked list (the links live in {@link Goroutine}) guarded by
 * a tiny spin lock whose critical section is four reference writes. A goroutine's stripe is
 * chosen from its id, so adds and removes spread over the stripes and rarely meet; no node is
 * allocated and no shared counter is touched: each stripe counts its adds and removes inside
 * its lock, and {@link #size()} sums them in an order that cannot report zero while a goroutine
 * lives. (A {@code ConcurrentHashMap} plus {@code LongAdder}s measured about a fifth of a spawn's
 * cost, mostly cache-line transfers between the spawning and the exiting cores.) Lists are read only by introspection, which locks one stripe at
 * a time: a snapshot per stripe, not of the whole set.
 *
 * <p>The lock is a {@link SpinLock}: a waiter spins while the holder runs.
 */
final class LiveSet {
    private static final VarHandle ADDED;
    private static final VarHandle REMOVED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ADDED = l.findVarHandle(Stripe.class, "added", long.class);
            REMOVED = l.findVarHandle(Stripe.class, "removed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One list, its lock and its counts; stripes are separate objects, so rarely share a line. */
    static final class Stripe extends SpinLock {
        Goroutine head;
        // Monotonic; written under the lock (release on unlock), read without it (acquire).
        long added;
        long removed;
    }

    private final Stripe[] stripes;

    LiveSet() {
        int n = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 4 - 1)) << 1;
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
    }

    private Stripe stripeOf(Goroutine g) {
        long h = g.id() * 0x9E3779B97F4A7C15L;
        return stripes[(int) (h >>> 40) & (stripes.length - 1)];
    }

    void add(Goroutine g) {
        Stripe s = stripeOf(g);
        s.lock();
        try {
            Goroutine h = s.head;
            g.nextLive = h;
            if (h != null) {
                h.prevLive = g;
            }
            s.head = g;
            ADDED.setRelease(s, s.added + 1);
        } finally {
            s.unlock();
        }
    }

    /**
     * Removes {@code g}; the unlock is a volatile write, so the caller's reads that follow are
     * ordered after the removal (a Dekker pair with whoever waits for the set to empty).
     */
    void remove(Goroutine g) {
        Stripe s = stripeOf(g);
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
            REMOVED.setRelease(s, s.removed + 1);
        } finally {
            s.unlockFenced();
        }
    }

    /**
     * Goroutines added and not yet removed. Every stripe's {@code removed} is read before any
     * stripe's {@code added}: a removal seen in the first pass happened after its goroutine was
     * added, so the second pass sees that add. The result is therefore never below the number of
     * goroutines alive throughout the call, and zero means there was an instant with none alive
     * (a goroutine cannot be added by one that was already gone).
     */
    long size() {
        long removed = 0;
        for (Stripe s : stripes) {
            removed += (long) REMOVED.getAcquire(s);
        }
        return added() - removed;
    }

    /** Goroutines ever added. */
    long added() {
        long added = 0;
        for (Stripe s : stripes) {
            added += (long) ADDED.getAcquire(s);
        }
        return added;
    }

    /** Appends every live goroutine to {@code out}. */
    void snapshot(List<Goroutine> out) {
        for (Stripe s : stripes) {
            s.lock();
            try {
                for (Goroutine g = s.head; g != null; g = g.nextLive) {
                    out.add(g);
                }
            } finally {
                s.unlock();
            }
        }
    }
}
