package dev.weft.chan;

/**
 * One case of a blocked operation, queued on one channel: Go's {@code sudog}. A plain send or
 * receive is its own {@link Selection}; a select's waiters share one. Linked into exactly one
 * {@link WaitQueue} while {@link #queued}; the links are guarded by that channel's lock.
 */
final class Waiter extends Selection {
    final Selection selection;
    final int caseIndex;
    /** The value a blocked sender offers; null for receivers. */
    final Object item;
    /** Written by the claimer before its claim: the value a receiver got. */
    Object received;
    /** Written by the claimer before its claim: the case completed because the channel closed. */
    boolean closed;
    Waiter prev;
    Waiter next;
    boolean queued;

    /** The waiter of a plain send ({@code item} non-null) or receive, by the current thread. */
    Waiter(Object item) {
        super(Thread.currentThread());
        this.selection = this;
        this.caseIndex = 0;
        this.item = item;
    }

    /** Case {@code caseIndex} of a select. */
    Waiter(Selection selection, int caseIndex, Object item) {
        super(null);
        this.selection = selection;
        this.caseIndex = caseIndex;
        this.item = item;
    }

    boolean claim() {
        return selection.claim(caseIndex);
    }
}
