package dev.weft.chan;

import dev.weft.internal.TimerQueue;
import dev.weft.internal.Trace;
import dev.weft.internal.WeftBlocker;
import dev.weft.trace.GoroutineBlocked;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocked thread's stake in one or more channel queues: Go's {@code g.selectDone}.
 */
class Selection implements WeftBlocker {
    /*
     * Implementation overview.
     *
     * A blocking send, receive or select enqueues one {@link Waiter} per case, all pointing here
     * (a plain send or receive is a one-case select, and its waiter is its own selection). Whoever
     * completes one of them — a counterpart send or receive, a {@code close}, or the blocked thread
     * itself giving up on a timeout or an interrupt — must win the single CAS of {@link #winner}
     * from {@link #PENDING}. This is the select's only decision point: exactly one case completes,
     * and a waiter whose selection was already decided is stale and skipped.
     *
     *
     * A claimer writes what the blocked thread needs (the value, or "closed") into the waiter
     * before its CAS; claimers of one waiter hold its channel's lock, so they cannot overwrite each
     * other, and a loser's write lands in a waiter nobody will read. The CAS publishes the result:
     * the blocked thread reads it after seeing {@code winner} set. It is then woken (after the
     * claimer has released the channel's lock).
     *
     *
     * {@code winner} holds the winning case's index plus one, so that "pending" is the field's
     * default value: a volatile field given any other initial value costs every new selection (one
     * per blocking operation) a store fence in its constructor. A select's selection starts
     * <em>unarmed</em> (a plain store, published with its waiters by the channels' unlocks) and is
     * armed once all its waiters are queued, under the same locks.
     */

    static final int PENDING = -1;
    static final int CANCELLED = -2;
    // Raw values of `winner`: a completed case i is stored as i + 1.
    private static final int RAW_PENDING = 0;
    private static final int RAW_CANCELLED = CANCELLED + 1;
    /** Not claimable yet: a select still queuing its waiters (see {@link #arm()}). */
    private static final int RAW_UNARMED = -2;

    private static final VarHandle WINNER;

    static {
        try {
            WINNER = MethodHandles.lookup().findVarHandle(Selection.class, "winner", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    private volatile int winner;           // RAW_PENDING until decided

    /** An armed selection: its waiters can be claimed as soon as they are queued. */
    /** What a select waits on, as Weft's dump and a debugger show its blocker (a plain send or receive: see {@link Waiter}). */
    @Override
    public String toString() {
        return "select";
    }

    /** The operation waiting, for a {@link GoroutineBlocked} event. */
    String operation() {
        return "select";
    }

    Selection(Thread thread) {
        this.thread = thread;
    }

    /**
     * A selection that no claimer can decide until {@link #arm()}: a select queues its waiters
     * on several channels, and a waiter claimable before the last is queued could take a
     * value that an Error thrown part-way would leave unread.
     */
    Selection(Thread thread, boolean armed) {
        this.thread = thread;
        if (!armed) {
            WINNER.set(this, RAW_UNARMED);   // plain: published by the channel locks' release
        }
    }

    /** Under the locks of every channel it is queued on: lets claimers decide it. */
    final void arm() {
        WINNER.set(this, RAW_PENDING);
    }

    /** Decides that case {@code caseIndex} completes; false if something else already won. */
    final boolean claim(int caseIndex) {
        return winner == RAW_PENDING && WINNER.compareAndSet(this, RAW_PENDING, caseIndex + 1);
    }

    /** The case that completed, {@link #PENDING} or {@link #CANCELLED}. */
    final int winner() {
        return winner - 1;
    }

    /**
     * Decides that no case completes, for an operation abandoned without a thread waiting (see
     * {@link ChanFuture}); false if something already won.
     */
    final boolean cancelPending() {
        return WINNER.compareAndSet(this, RAW_PENDING, RAW_CANCELLED);
    }

    /** After the claimer has released the channel's lock: wakes the blocked thread. */
    void wake() {
        Trace.unblocked(thread);
        LockSupport.unpark(thread);
    }

    /**
     * Waits until a claimer decides this selection. Gives up when {@code timeoutNanos} pass
     * ({@code < 0}: never) or the thread is interrupted, if it can still cancel.
     *
     * @return true if a case completed, false if cancelled (then none did)
     */
    final boolean await(long timeoutNanos) {
        long start = GoroutineBlocked.startIfRecorded();
        Trace.block(this, null);
        try {
            long deadline = timeoutNanos >= 0 ? System.nanoTime() + timeoutNanos : 0;
            while (winner == RAW_PENDING) {
                long left = timeoutNanos >= 0 ? deadline - System.nanoTime() : 1;
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    if (WINNER.compareAndSet(this, RAW_PENDING, RAW_CANCELLED)) {
                        return false;
                    }
                    continue;                    // decided meanwhile
                }
                if (timeoutNanos >= 0) {
                    TimerQueue.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
            }
            return true;
        } finally {
            if (start != GoroutineBlocked.NOT_RECORDED) {  // else not even the operation is named
                GoroutineBlocked.endIfRecorded(start, operation(), this);
            }
            Trace.resumed();
        }
    }
}
