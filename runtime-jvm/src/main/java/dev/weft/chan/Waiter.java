package dev.weft.chan;

/**
 * One case of a blocked operation, queued on one channel: Go's {@code sudog}.
 * Linked into exactly one {@link WaitQueue} while {@link #queued}; guarded by that channel's lock.
 */
final class Waiter {
    final Selection selection;
    final int caseIndex;
    /** The value a blocked sender offers; null for receivers. */
    final Object item;
    Waiter prev;
    Waiter next;
    boolean queued;

    Waiter(Selection selection, int caseIndex, Object item) {
        this.selection = selection;
        this.caseIndex = caseIndex;
        this.item = item;
    }

    boolean claim() {
        return selection.claim(caseIndex);
    }
}
