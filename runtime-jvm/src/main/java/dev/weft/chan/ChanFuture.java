package dev.weft.chan;

import java.util.concurrent.CancellationException;

/**
 * The future of an asynchronous send or receive ({@link Chan#sendAsync}, {@link Chan#recvAsync},
 * {@link Chan#recvOrClosedAsync}): a {@link Waiter} that completes this future when a
 * counterpart or a close decides it, instead of waking a parked thread.
 */
final class ChanFuture<R> extends WaiterFuture<R> {
    /*
     * Implementation overview.
     *
     * The waiter is decided as a blocked operation's is: by the one CAS of its selection (see
     * Selection), won by a counterpart that hands over the value, a close, or this future being
     * completed from outside. A counterpart or a close then calls decided() after releasing the
     * channel's lock, and this future completes with the outcome. Completing the future from
     * outside (cancel, complete, completeExceptionally, and so orTimeout and completeOnTimeout)
     * first tries to win the CAS for "abandoned": only if it does is the waiter unlinked and the
     * future completed as asked, and then the operation had no effect (an abandoned send's value
     * goes to the channel's undelivered-element handler, as a cancelled blocking send's does). If
     * a counterpart won first, the outside completion fails and the future completes with the
     * operation's outcome: a value taken from the channel is never dropped.
     *
     * Dependents of the future run on the thread that completes it, as with any CompletableFuture,
     * except Weft's own threads, where only Weft's code may run: there the completion moves to a
     * new virtual thread (see decided).
     *
     * When the operation completes at once, its waiter is never queued; it is decided (as
     * abandoned) before the future completes, so that a later cancel cannot undo a send that
     * happened.
     */

    static final int SEND = 0;
    static final int RECV = 1;
    static final int RECV_OR_CLOSED = 2;

    final Waiter waiter;
    private final Chan<?> chan;
    private final int kind;

    ChanFuture(Chan<?> chan, Object item, int kind) {
        this.chan = chan;
        this.kind = kind;
        this.waiter = new Waiter(chan, item, this);
    }

    /**
     * A counterpart or a close decided the queued waiter {@code w}, and released the lock. The
     * future's dependents run on the completing thread, unless that is one of Weft's own (a
     * scheduler's carrier firing a timer, the timer thread closing a context's channel): user
     * code must not run, or block, there, so the completion moves to a virtual thread.
     */
    void decided(Waiter w) {
        settleOffWeftThreads("weft-chan-future", () -> settle(w));
    }

    private void settle(Waiter w) {
        if (kind == SEND) {
            if (w.closed) {
                sendFailed();
            } else {
                completeWith(null);
            }
        } else {
            received(w.closed ? Chan.CLOSED : w.received);
        }
    }

    /** The operation completed at once (or a receive found the channel closed): value or {@link Chan#CLOSED}. */
    void completedAtOnce(Object v) {
        waiter.cancelPending();              // never queued: no outside completion may undo it now
        if (kind == SEND) {
            completeWith(null);
        } else {
            received(v);
        }
    }

    /** A send found the channel closed, at once or while queued. */
    void sendFailed() {
        waiter.cancelPending();
        ChanClosedException e = chan.sendOnClosed();
        chan.undelivered(waiter.item, e);
        failWith(e);
    }

    @SuppressWarnings("unchecked")
    private void received(Object v) {
        if (v != Chan.CLOSED) {
            completeWith(kind == RECV ? (R) v : (R) Received.of(v));
            return;
        }
        Throwable cause = chan.closeCause();
        if (kind == RECV) {
            failWith(new ChanClosedException("receive from closed channel", cause));
        } else {
            completeWith((R) Received.closed(cause));
        }
    }

    @Override
    boolean abandon() {
        if (!waiter.cancelPending()) {
            return false;
        }
        chan.unqueue(waiter, kind == SEND);
        if (kind == SEND) {
            chan.undelivered(waiter.item, new CancellationException("send abandoned: its future was completed from outside"));
        }
        return true;
    }
}
