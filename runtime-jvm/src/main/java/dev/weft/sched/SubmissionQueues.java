package dev.weft.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Run queues of the platform threads that make goroutines runnable from outside the workers:
 * {@code ForkJoinPool}'s submission queues, built from Weft's own {@link RunQueue}.
 */
final class SubmissionQueues {
    /*
     * Implementation overview.
     *
     * A platform thread that starts goroutines in a loop (a server's accept loop, a test, a
     * benchmark) would otherwise append each one to the {@link GlobalQueue}: a node allocated per
     * goroutine, a CAS on the line the workers read, and three nodes to a cache line for the
     * workers to pull across. Here such a thread owns a {@link RunQueue}, the single-producer ring
     * a worker uses as its local queue: it submits with a plain store of the slot and a release of
     * the tail, and workers take from it as they steal from one another, half of it at a time (at
     * most a worker's ring's worth) with one CAS, eight tasks to a cache line.
     * <ul>
     *   <li>The queues sit in a fixed power-of-two table indexed by a hash of the thread id. A
     *       thread claims its entry by CAS on the entry's owner (null to itself) the first time it
     *       submits, and keeps it. An entry whose owner has ended is taken over once its queue is
     *       empty. A thread whose entry another live thread owns (a collision), and every virtual
     *       thread (there may be millions, each submitting now and then), uses the global queue
     *       instead. So every queue has one producer, as {@link RunQueue} requires.</li>
     *   <li>A queue holds {@value RunQueue#SUBMISSION_CAPACITY} tasks, four times a worker's ring: a
     *       burst from outside has no other buffer. A full one spills half of itself to the global
     *       queue, as a worker's does.</li>
     *   <li>Workers look here after their own queues and the global queue, and every
     *       {@value Worker#GLOBAL_CHECK_PERIOD}th task before them, as they do the global queue
     *       (see {@link Worker}), so submitted goroutines cannot starve behind local work.</li>
     *   <li>Workers look only at entries ever claimed (a bit per entry, set before the owner's
     *       first submission), so a scheduler that platform threads feed through one or two
     *       queues costs a yield or a search one or two ring checks, not one per entry.</li>
     *   <li>The wake-up handshake is the global queue's: the submitter publishes the task, fences,
     *       then reads the idle and spinning counts; a parking worker counts itself idle, fences,
     *       then looks here too ({@link #hasWork()}).</li>
     *   <li>Each entry counts the tasks submitted through it, for the scheduler's injection count:
     *       written by the entry's owner only, with an opaque store on a cache line of the entry's
     *       own, so counting costs the submitter no atomic instruction. A new owner takes an entry over only after its
     *       old owner has ended, which happens-before the take-over, so the count stays exact.</li>
     * </ul>
     */

    private static final int MAX_QUEUES = 64;
    /** Longs between two entries' counts in {@link #submitted}: 128 bytes, two cache lines. */
    private static final int COUNT_STRIDE = 16;
    private static final VarHandle CLAIMED;
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            CLAIMED = MethodHandles.lookup().findVarHandle(SubmissionQueues.class, "claimed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RunQueue[] queues;
    private final AtomicReferenceArray<Thread> owners;
    /**
     * Tasks submitted through entry {@code i}, at {@code (i + 1) * COUNT_STRIDE}: a stride apart,
     * the first a stride clear of the array's header. Written by the entry's owner only.
     */
    private final long[] submitted;
    private final int mask;
    /**
     * One bit per entry ever claimed, set before its owner's first submission: workers look only
     * at those queues (a goroutine yields through here, so the scan is on a hot path).
     */
    private volatile long claimed;

    SubmissionQueues(int workers) {
        int n = Integer.highestOneBit(Math.max(4, 2 * workers - 1)) << 1;
        n = Math.min(n, MAX_QUEUES);
        queues = new RunQueue[n];
        for (int i = 0; i < n; i++) {
            queues[i] = new RunQueue(RunQueue.SUBMISSION_CAPACITY);
        }
        owners = new AtomicReferenceArray<>(n);
        submitted = new long[(n + 1) * COUNT_STRIDE];
        mask = n - 1;
    }

    /**
     * Queues {@code task} on the queue the calling platform thread owns, claiming it on first
     * use, and counts it; false, and nothing queued, for a virtual thread or when another live
     * thread owns the entry. The caller must then fence before it reads whether a worker needs
     * waking.
     */
    boolean offer(Thread t, Runnable task, GlobalQueue overflow) {
        int i = entryOf(t);
        if (i < 0) {
            return false;
        }
        queues[i].offer(task, overflow);
        int c = (i + 1) * COUNT_STRIDE;
        COUNT.setOpaque(submitted, c, submitted[c] + 1);
        return true;
    }

    /** Tasks ever submitted through these queues; a racy sum, exact once submitters stop. */
    long submittedTotal() {
        long sum = 0;
        for (int i = 0; i < queues.length; i++) {
            sum += (long) COUNT.getOpaque(submitted, (i + 1) * COUNT_STRIDE);
        }
        return sum;
    }

    /**
     * The index of the entry platform thread {@code t} owns, claiming it if free; -1 for a
     * virtual thread, or when another live thread owns the entry.
     */
    int entryOf(Thread t) {
        if (t.isVirtual()) {
            return -1;
        }
        long h = t.threadId() * 0x9E3779B97F4A7C15L;
        int i = (int) (h >>> 40) & mask;
        Thread owner = owners.getPlain(i);
        if (owner == t) {
            return i;
        }
        if ((owner == null || (!owner.isAlive() && queues[i].isEmpty())) && owners.compareAndSet(i, owner, t)) {
            CLAIMED.getAndBitwiseOr(this, 1L << i);
            return i;
        }
        return -1;
    }

    /**
     * For a worker whose ring {@code into} is empty: moves half of the first non-empty
     * submission queue (looking from a random one) into it and returns one of those tasks;
     * {@code null} if all are empty.
     */
    Runnable stealInto(RunQueue into) {
        return take(into);
    }

    /** Takes one task from some submission queue, for the periodic fairness check. */
    Runnable pollOne() {
        return take(null);
    }

    /** Half of the first non-empty claimed queue into {@code into}, or one task if it is null. */
    private Runnable take(RunQueue into) {
        long bits = claimed;
        if (bits == 0) {
            return null;
        }
        int start = ThreadLocalRandom.current().nextInt(queues.length);
        for (long b = Long.rotateRight(bits, start); b != 0; b &= b - 1) {
            RunQueue q = queues[(Long.numberOfTrailingZeros(b) + start) & mask];
            if (q.ringSize() > 0) {
                Runnable task = into != null ? into.stealInto(q, 1) : q.pollRing();
                if (task != null) {
                    return task;
                }
            }
        }
        return null;
    }

    /** Whether any submission queue holds a task; may be stale by the time it returns. */
    boolean hasWork() {
        for (long b = claimed; b != 0; b &= b - 1) {
            if (queues[Long.numberOfTrailingZeros(b)].ringSize() > 0) {
                return true;
            }
        }
        return false;
    }
}
