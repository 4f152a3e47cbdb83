package dev.weft.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's global run queue ({@code sched.runq}): goroutines made runnable outside the workers wait
 * here until a worker takes them.
 */
final class GlobalQueue {
    /*
     * Implementation overview.
     *
     * A singly-linked list behind a dummy head node, as in Michael and Scott's queue, with the two
     * ends treated differently because their users differ:
     * <ul>
     *   <li><em>Producers</em> are any thread: {@link WorkStealingExecutor#execute} runs on whichever
     *       thread unparked the goroutine, and must never block (see {@link WorkStealingExecutor}).
     *       Appending is lock-free: a CAS links the new node after the last one; {@code tail} is
     *       then swung forward lazily, every second node, as {@code ConcurrentLinkedQueue} does (a
     *       stale tail costs a hop). A chain of nodes linked in private appends with the same single CAS
     *       ({@link #offerAll}: a full local ring spilling half of itself).</li>
     *   <li><em>Consumers</em> are workers, and they take turns: the one that wins a try-lock takes
     *       a batch, half of what it finds up to {@value #MAX_BATCH} (Go's {@code globrunqget}),
     *       one task to run now and the rest into its local ring, where idle workers can steal them
     *       at once. It walks the list with plain reads and publishes the new head with one release
     *       store: one lock CAS per batch, where {@code ConcurrentLinkedQueue} costs a CAS per task
     *       on a line the producer and the other consumers are writing too. A worker that finds the
     *       lock taken does not wait: another worker is taking work at that moment, and the caller
     *       goes on to its own queue or to stealing. {@link #isEmpty()} reads no lock, so a worker
     *       about to park still sees injected work (the Dekker pair of {@link Worker}'s park).</li>
     * </ul>
     * Invariants: {@code head} is the dummy, its task already taken; every node after it holds a
     * task not yet taken; only the lock holder moves {@code head} and clears tasks; a node's
     * {@code next} goes from null to its successor once, by the CAS that appends, except that the
     * dummy a consumer drops is then made to point at itself (as {@code ConcurrentLinkedQueue}
     * does: a dropped node promoted to the old generation then keeps none of its successors
     * alive). {@code tail} is a node from which following {@code next} reaches the last node,
     * unless it is such a self-linked one, where a producer restarts at {@code head}. A node's task
     * is written before the CAS that links it, so a consumer that reads the link reads the task.
     */

    /** The most tasks one take moves: enough to amortise the lock, few enough to share. */
    static final int MAX_BATCH = 32;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle LOCKED;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(GlobalQueue.class, "head", Node.class);
            TAIL = l.findVarHandle(GlobalQueue.class, "tail", Node.class);
            LOCKED = l.findVarHandle(GlobalQueue.class, "locked", int.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final class Node {
        /** Written before the node is linked; cleared by the consumer that takes it. */
        Runnable task;
        volatile Node next;

        Node(Runnable task) {
            this.task = task;
        }
    }

    private volatile Node head;
    private volatile Node tail;
    /** The consumers' try-lock: 1 while a worker is taking a batch. */
    private volatile int locked;

    GlobalQueue() {
        Node dummy = new Node(null);
        head = dummy;
        tail = dummy;
    }

    /** Appends {@code task}; lock-free, from any thread. Ends in a CAS, so it fences. */
    void offer(Runnable task) {
        Node n = new Node(task);
        append(n, n);
    }

    /** Appends {@code tasks} then {@code last}, in that order, with one CAS. */
    void offerAll(Runnable[] tasks, Runnable last) {
        Node first = new Node(tasks.length > 0 ? tasks[0] : last);
        Node end = first;
        for (int i = 1; i <= tasks.length; i++) {
            Node n = new Node(i < tasks.length ? tasks[i] : last);
            end.next = n;                    // private until the CAS below publishes the chain
            end = n;
        }
        append(first, end);
    }

    /** Links the private chain {@code first..last} after the current last node. */
    private void append(Node first, Node last) {
        for (Node t = tail, p = t; ; ) {
            Node q = p.next;
            if (q == null) {
                if (NEXT.compareAndSet(p, null, first)) {
                    if (p != t) {
                        TAIL.weakCompareAndSet(this, t, last);   // failure: someone moved it on
                    }
                    return;
                }
            } else if (p == q) {
                // p was dropped by a consumer: restart at the newest tail, or at head.
                Node t2 = tail;
                p = (t != t2) ? (t = t2) : head;
            } else {
                // Every second hop, re-read tail: another producer may have moved it far on.
                Node t2;
                p = (p != t && t != (t2 = tail)) ? (t = t2) : q;
            }
        }
    }

    /** Whether no task is queued; may be stale by the time it returns. Takes no lock. */
    boolean isEmpty() {
        return head.next == null;
    }

    /** Takes the oldest task, or {@code null} if there is none or another worker is taking. */
    Runnable poll() {
        return take(null);
    }

    /**
     * Takes the oldest task and moves up to half of those behind it (at most
     * {@value #MAX_BATCH} in all, at most half of {@code into}'s free room) into {@code into},
     * the calling worker's own queue; {@code null} if there is none or another worker is taking.
     */
    Runnable pollBatch(RunQueue into) {
        return take(into);
    }

    private Runnable take(RunQueue into) {
        if (head.next == null || locked != 0 || !LOCKED.compareAndSet(this, 0, 1)) {
            return null;
        }
        try {
            Node h = head;
            Node first = h.next;
            if (first == null) {
                return null;
            }
            Runnable task = first.task;
            first.task = null;
            Node last = first;
            if (into != null) {
                // The tortoise (last) takes one step for the hare's two: it stops at about half
                // of what is queued, never further than the batch limit or into's room allows.
                int limit = Math.min(MAX_BATCH, (into.capacity() - into.ringSize()) / 2);
                Node hare = first;
                for (int n = 1; n < limit; n++) {
                    Node h1 = hare.next;
                    Node h2 = h1 == null ? null : h1.next;
                    if (h2 == null) {
                        break;
                    }
                    hare = h2;
                    Node q = last.next;
                    into.offer(q.task, this);   // seldom full (bounded by its room above); if so, it spills back here
                    q.task = null;
                    last = q;
                }
            }
            HEAD.setRelease(this, last);
            NEXT.setRelease(h, h);
            return task;
        } finally {
            LOCKED.setRelease(this, 0);
        }
    }
}
