package dev.weft.chan;

import java.util.concurrent.CancellationException;

/**
 * The future of an asynchronous select ({@link Select#selectAsync}): its waiters share a
 * selection whose claimer completes this future instead of waking a parked thread.
 */
final class SelectFuture extends WaiterFuture<Integer> {
    /*
     * Implementation overview.
     *
     * The select starts as a blocking one does (Select.run): under the locks of all its channels
     * it completes a ready case at once, or queues one waiter per case and arms the selection.
     * From then on the selection is decided as a blocked select's is, by its single CAS: won by
     * a counterpart or a close, which then calls wake() after releasing its channel's lock; or
     * won by this future being completed from outside (cancel, complete, completeExceptionally,
     * and so orTimeout), for "abandoned". The winner of the CAS, and only it, unlinks every
     * waiter (taking the channels' locks again, holding none) and completes the future: with the
     * case that completed, or as asked from outside, and then no case completed and every send
     * case's value goes to its channel's undelivered-element handler. A value taken from a
     * channel is therefore never dropped: an outside completion that loses the CAS fails, and
     * the future completes with the case.
     *
     * Dependents run on the thread that completes the future, except Weft's own threads, where
     * only Weft's code may run: there the completion moves to a new virtual thread, as
     * ChanFuture's does.
     */

    private final SelectCase<?>[] cases;
    /** Its channels in lock order. */
    final Chan<?>[] locks;
    final Selection selection = new Selection(null, false) {
        @Override
        void wake() {
            decided();
        }

        @Override
        public String toString() {
            return "asynchronous select";
        }
    };
    final Waiter[] waiters;

    SelectFuture(SelectCase<?>[] cases, Chan<?>[] locks) {
        this.cases = cases;
        this.locks = locks;
        this.waiters = Select.waiters(cases, selection);
    }

    /** Completes with case {@code index}, which completed at once: the selection was never queued. */
    void completedAtOnce(int index) {
        completeWith(index);
    }

    /** A case of this select failed at once or when decided: no case completed, no value was sent. */
    void failed(RuntimeException e) {
        Select.handOver(cases, e);
        failWith(e);
    }

    /**
     * A counterpart or a close decided the selection, and released its lock. The future's
     * dependents run on this thread, unless it is one of Weft's own: then on a virtual thread.
     */
    private void decided() {
        settleOffWeftThreads("weft-select-future", this::settle);
    }

    private void settle() {
        int winner;
        try {
            winner = Select.finish(cases, locks, waiters, selection);
        } catch (ChanClosedException e) {
            failed(e);
            return;
        }
        completeWith(winner);
    }

    @Override
    boolean abandon() {
        if (!selection.cancelPending()) {
            return false;
        }
        Select.unqueue(cases, locks, waiters);
        Select.handOver(cases, new CancellationException("select abandoned: its future was completed from outside"));
        return true;
    }
}
