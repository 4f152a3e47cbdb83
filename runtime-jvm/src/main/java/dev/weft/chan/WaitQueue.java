package dev.weft.chan;

/**
 * A channel's FIFO of blocked senders or receivers: Go's {@code waitq}. An intrusive
 * doubly-linked list, so a select can unlink its stale waiters in O(1). Guarded by the owning
 * channel's lock.
 */
final class WaitQueue {
    private Waiter head;
    private Waiter tail;

    /**
     * Read without the channel's lock: whether the queue holds no waiter. A hint only (it may be
     * stale, and a waiter it counts may be a select's decided one); see {@link Chan}'s waits.
     */
    boolean looksEmpty() {
        return head == null;
    }

    void add(Waiter w) {
        w.queued = true;
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
    }

    void remove(Waiter w) {
        if (!w.queued) {
            return;
        }
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
    }

    /**
     * Dequeues waiters in FIFO order until one can be claimed, and returns it; waiters whose
     * selection was already decided elsewhere are dropped on the way. {@code null} if none.
     */
    Waiter claimFirst() {
        for (Waiter w = head; w != null; w = head) {
            remove(w);
            if (w.claim()) {
                return w;
            }
        }
        return null;
    }

    /** As {@link #claimFirst()}, for a receiver that is handed {@code v}. */
    Waiter claimFirstGiving(Object v) {
        for (Waiter w = head; w != null; w = head) {
            remove(w);
            w.received = v;                  // before the claim: the CAS publishes it
            if (w.claim()) {
                return w;
            }
        }
        return null;
    }

    /**
     * Dequeues every waiter it can claim, marking each closed, for close; returns them linked
     * through {@code next} in front of {@code chain}. A claimed waiter's links are free once it
     * is dequeued (its thread never touches them again), so closing allocates nothing while the
     * channel's lock is held: an {@code OutOfMemoryError} there would have claimed waiters
     * that nobody wakes.
     */
    Waiter claimAllClosing(Waiter chain) {
        for (Waiter w = head; w != null; w = head) {
            remove(w);
            w.closed = true;                 // before the claim: the CAS publishes it
            if (w.claim()) {
                w.next = chain;
                chain = w;
            }
        }
        return chain;
    }
}
