package dev.weft.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A worker's local run queue and its {@code runnext} slot: Go's {@code runq} on the JVM.
 */
final class RunQueue {
    /*
     * Implementation overview.
     *
     * A bounded ring indexed by two ever-increasing ints, {@code head} and {@code tail} (their
     * difference is the length; wrap-around of the ints is harmless because only differences are
     * used). A worker's ring holds {@value #CAPACITY} tasks, as Go's does; a platform thread's
     * submission queue ({@link SubmissionQueues}) holds {@value #SUBMISSION_CAPACITY}: it is the
     * only buffer a burst of goroutines spawned from outside the workers has, and every spill to
     * the global queue costs its submitter a node per task.
     * <ul>
     *   <li>Only the <em>owner</em> writes {@code tail}: the worker itself, or a goroutine mounted on
     *       it (a mounted goroutine runs in place of the worker's loop, never beside it).</li>
     *   <li>{@code head} is advanced by CAS, by the owner ({@link #poll}) and by thieves
     *       ({@link #stealInto}; {@link #pollRing}, which both use), so each slot is taken at most
     *       once.</li>
     *   <li>A consumer claims indexes first, by its CAS on {@code head}, and only then reads their
     *       slots and empties them (stores null). The owner writes a slot only when it is empty,
     *       before {@code tail} publishes it (release; consumers read {@code tail} with acquire).
     *       So a slot has one writer at a time: between the owner's store and the claim it holds
     *       a published task nobody else touches, and between the claim and the emptying it
     *       belongs to its consumer. No task is taken twice or lost, and a slot never keeps a
     *       finished goroutine (and all it captured) reachable, as Go's untraced {@code runq}
     *       entries do not. A slot claimed but not yet emptied, at the owner's next index, looks
     *       full to the owner, which then spills as below; that lasts only as long as a consumer
     *       takes between its CAS and its store.</li>
     *   <li>When the ring is full, {@link #offer} moves half of it plus the new task to the global
     *       queue, one CAS to take them from the ring and one to append them there (Go's
     *       {@code runqputslow}), so the owner never blocks.</li>
     *   <li>{@code runnext} holds the task readied most recently by this worker's goroutine; it runs
     *       before the ring so a handoff stays on one core. Replacing it kicks the old occupant to
     *       the ring's tail. The owner takes it with {@code getAndSet}; thieves never take it; the
     *       monitor takes it by CAS from a worker whose goroutine has overrun its time slice.</li>
     * </ul>
     * Nothing here locks or parks: the executor calls in from unparking threads (see
     * {@link WorkStealingExecutor}).
     */

    /** A worker's ring: Go's {@code runq} size. */
    static final int CAPACITY = 256;
    /** A platform thread's submission queue. */
    static final int SUBMISSION_CAPACITY = 1024;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Runnable[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(RunQueue.class, "runnext", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable[] ring;
    private final int mask;
    private volatile int head;
    private volatile int tail;
    private volatile Runnable runnext;

    /** A worker's queue: a ring of {@value #CAPACITY}. */
    RunQueue() {
        this(CAPACITY);
    }

    /** A queue whose ring holds {@code capacity} tasks, a power of two. */
    RunQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("run queue capacity must be a power of two of at least 2, got " + capacity);
        }
        ring = new Runnable[capacity];
        mask = capacity - 1;
    }

    /** Owner: puts {@code task} in {@code runnext}; a displaced task goes to the ring's tail. */
    void putNext(Runnable task, GlobalQueue overflow) {
        Runnable old = (Runnable) RUNNEXT.getAndSet(this, task);
        if (old != null) {
            offer(old, overflow);
        }
    }

    /**
     * Owner: appends {@code task}; when the ring is full, moves half of it and the task to
     * {@code overflow}. Returns the number of tasks moved to {@code overflow} (0 in the usual case).
     */
    int offer(Runnable task, GlobalQueue overflow) {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = tail;
            if (t - h < ring.length && SLOT.getAcquire(ring, t & mask) == null) {
                SLOT.setRelease(ring, t & mask, task);
                TAIL.setRelease(this, t + 1);
                return 0;
            }
            // Full, or the slot's last consumer has not emptied it yet: spill as Go's runqputslow.
            int n = (t - h) / 2;
            Runnable[] batch = new Runnable[n];      // allocated before the claim, which must not fail
            if (HEAD.compareAndSet(this, h, h + n)) {
                for (int i = 0; i < n; i++) {
                    int slot = (h + i) & mask;
                    batch[i] = (Runnable) SLOT.getAcquire(ring, slot);
                    SLOT.setRelease(ring, slot, (Runnable) null);
                }
                overflow.offerAll(batch, task);
                return n + 1;
            }
            // A thief took some: there may be room now.
        }
    }

    /** Owner: takes {@code runnext} if set, else the ring's head; {@code null} when empty. */
    Runnable poll() {
        Runnable r = pollNext();
        return r != null ? r : pollRing();
    }

    /** Owner: takes {@code runnext}; {@code null} if it is empty. */
    Runnable pollNext() {
        return runnext != null ? (Runnable) RUNNEXT.getAndSet(this, null) : null;
    }

    /**
     * Thief: moves half of {@code victim}'s ring (rounded up, and at most this ring's capacity)
     * into this queue, which must be empty and owned by the caller, and returns one of the moved
     * tasks; {@code null} when the victim holds fewer than {@code minVictim} tasks.
     */
    Runnable stealInto(RunQueue victim, int minVictim) {
        int dst = tail;
        for (;;) {
            int h = (int) HEAD.getAcquire(victim);
            int t = (int) TAIL.getAcquire(victim);
            int n = t - h;
            if (n <= 0 || n < minVictim) {
                return null;
            }
            if (n > victim.ring.length) {
                continue; // torn read of head and tail: retry
            }
            n = emptySlots(dst, Math.min(n - n / 2, ring.length));
            if (n == 0) {
                return null;                 // this ring's last consumers have not emptied its slots yet
            }
            if (HEAD.compareAndSet(victim, h, h + n)) {
                Runnable last = null;
                for (int i = 0; i < n; i++) {
                    int slot = (h + i) & victim.mask;
                    last = (Runnable) SLOT.getAcquire(victim.ring, slot);
                    SLOT.setRelease(victim.ring, slot, (Runnable) null);
                    if (i < n - 1) {
                        SLOT.setRelease(ring, (dst + i) & mask, last);
                    }
                }
                if (n > 1) {
                    TAIL.setRelease(this, dst + n - 1);
                }
                return last;
            }
        }
    }

    /** Owner: how many of the {@code n} slots from index {@code from} on are empty, counting from the first. */
    private int emptySlots(int from, int n) {
        for (int i = 0; i < n; i++) {
            if (SLOT.getAcquire(ring, (from + i) & mask) != null) {
                return i;
            }
        }
        return n;
    }

    /**
     * Owner or thief: takes the ring's oldest task (never {@code runnext}); {@code null} if
     * the ring is empty.
     */
    Runnable pollRing() {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            if (t - h <= 0) {
                return null;
            }
            if (HEAD.compareAndSet(this, h, h + 1)) {
                Runnable r = (Runnable) SLOT.getAcquire(ring, h & mask);
                SLOT.setRelease(ring, h & mask, (Runnable) null);
                return r;
            }
        }
    }

    /** Monitor: takes {@code runnext} away from a stalled owner; {@code null} if it was empty. */
    Runnable takeNext() {
        Runnable r = runnext;
        return r != null && RUNNEXT.compareAndSet(this, r, null) ? r : null;
    }

    /** Approximate number of queued tasks, {@code runnext} included. */
    int size() {
        return ringSize() + (runnext != null ? 1 : 0);
    }

    /** Approximate number of tasks in the ring: what a thief could take. */
    int ringSize() {
        int n = tail - head;
        return Math.max(0, Math.min(n, ring.length));
    }

    /** How many tasks the ring holds at most. */
    int capacity() {
        return ring.length;
    }

    /** Whether anything is queued; may be stale by the time it returns. */
    boolean isEmpty() {
        return runnext == null && tail == head;
    }
}
