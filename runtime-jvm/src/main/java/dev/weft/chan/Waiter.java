package dev.weft.chan;

/**
 * One case of a blocked operation, queued on one channel: Go's {@code sudog}. A plain send or
 * receive is its own {@link Selection}; a select's waiters share one. Linked into exactly one
 * {@link WaitQueue} while {@link #queued}; the links are guarded by that channel's lock.
 */
final class Waiter extends Selection {
    final Selection selection;
    final int caseIndex;
    /** The channel it waits on; for what dumps say of a parked waiter. */
    final Chan<?> chan;
    /** The value a blocked sender offers; null for receivers. */
    final Object item;
    /** Written by the claimer before its claim: the value a receiver got. */
    Object received;
    /** Written by the claimer before its claim: the case completed because the channel closed. */
    boolean closed;
    Waiter prev;
    Waiter next;
    boolean queued;
    /** The future an asynchronous send or receive completes instead of waking a thread; else null. */
    private final ChanFuture<?> future;

    /** The waiter of a plain send ({@code item} non-null) or receive on {@code chan}, by the current thread. */
    Waiter(Chan<?> chan, Object item) {
        super(Thread.currentThread());
        this.selection = this;
        this.caseIndex = 0;
        this.chan = chan;
        this.item = item;
        this.future = null;
    }

    /** The waiter of an asynchronous send ({@code item} non-null) or receive, which completes {@code future}. */
    Waiter(Chan<?> chan, Object item, ChanFuture<?> future) {
        super(null);
        this.selection = this;
        this.caseIndex = 0;
        this.chan = chan;
        this.item = item;
        this.future = future;
    }

    /** Case {@code caseIndex} of a select, on {@code chan}. */
    Waiter(Selection selection, int caseIndex, Chan<?> chan, Object item) {
        super(null);
        this.selection = selection;
        this.caseIndex = caseIndex;
        this.chan = chan;
        this.item = item;
        this.future = null;
    }

    /** After the claimer has released the channel's lock: completes the future, or wakes the thread. */
    @Override
    void wake() {
        if (future != null) {
            future.decided(this);
        } else {
            super.wake();
        }
    }

    /**
     * What a plain send or receive waits on, as Weft's dump and a debugger show its blocker:
     * {@code "chan receive on Chan#12[cap=0]"}. Reads no state under the channel's lock.
     */
    @Override
    public String toString() {
        return operation() + " on " + chan.describe();
    }

    @Override
    String operation() {
        return item != null ? "chan send" : "chan receive";
    }

    boolean claim() {
        return selection.claim(caseIndex);
    }
}
