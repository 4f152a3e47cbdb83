package dev.weft.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocked thread's stake in one or more channel queues: Go's {@code g.selectDone} plus the
 * result slot of its {@code sudog}s.
 *
 * <h2>Implementation overview</h2>
 * A blocking send, receive or select enqueues one {@link Waiter} per case, all pointing here.
 * Whoever completes one of them — a counterpart send or receive, a {@code close}, or the
 * blocked thread itself giving up on a timeout or an interrupt — must first win the single CAS
 * of {@link #winner} from {@link #PENDING}. This is the select's only decision point: exactly
 * one case completes, and a waiter whose selection was already decided is stale and skipped.
 * <p>The winner moves the value while it still holds the channel's lock, then, after unlocking,
 * publishes {@link #done} (volatile) and unparks the thread. The thread reads the result only
 * after seeing {@code done}, so the plain fields are safely published.
 */
final class Selection {
    static final int PENDING = -1;
    static final int CANCELLED = -2;

    private static final VarHandle WINNER;

    static {
        try {
            WINNER = MethodHandles.lookup().findVarHandle(Selection.class, "winner", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    private volatile int winner = PENDING;
    private volatile boolean done;
    /** The received value, when the winning case was a receive that got one. */
    Object item;
    /** The winning case completed because its channel was closed. */
    boolean closed;

    Selection(Thread thread) {
        this.thread = thread;
    }

    /** Decides that case {@code caseIndex} completes; false if something else already won. */
    boolean claim(int caseIndex) {
        return winner == PENDING && WINNER.compareAndSet(this, PENDING, caseIndex);
    }

    int winner() {
        return winner;
    }

    /** After the claimer has moved the value and unlocked: wakes the blocked thread. */
    void complete() {
        done = true;
        LockSupport.unpark(thread);
    }

    /**
     * Waits until a claimer completes this selection. Gives up when {@code timeoutNanos} pass
     * ({@code < 0}: never) or the thread is interrupted, but only if it can still cancel; once a
     * case has been claimed, completion is imminent and is awaited.
     *
     * @return true if completed, false if cancelled (then no case completed)
     */
    boolean await(long timeoutNanos) {
        long deadline = timeoutNanos >= 0 ? System.nanoTime() + timeoutNanos : 0;
        while (!done) {
            if (winner != PENDING) {
                // Claimed: the claimer publishes done right after unlocking the channel.
                if (Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
                continue;
            }
            long left = timeoutNanos >= 0 ? deadline - System.nanoTime() : 1;
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                if (WINNER.compareAndSet(this, PENDING, CANCELLED)) {
                    return false;
                }
                continue;
            }
            if (timeoutNanos >= 0) {
                LockSupport.parkNanos(this, left);
            } else {
                LockSupport.park(this);
            }
        }
        return true;
    }
}
