package dev.weft.chan;

import dev.weft.internal.Carrier;
import dev.weft.internal.OwnThreads;
import java.util.concurrent.CompletableFuture;

/**
 * The future of a channel operation or select that waits without a thread ({@link ChanFuture},
 * {@link SelectFuture}): completed by whoever decides its waiters, and from outside only by
 * abandoning the operation first.
 */
abstract class WaiterFuture<T> extends CompletableFuture<T> {
    /*
     * Implementation overview.
     *
     * Completing the future from outside (cancel, complete, completeExceptionally, and so
     * orTimeout and completeOnTimeout) first tries to win the operation's selection CAS for
     * "abandoned" (abandon()): only if it does is the future completed as asked, and then the
     * operation had no effect. If a counterpart or a close won first, the outside completion
     * fails and the future completes with the operation's outcome, through completeWith or
     * failWith, which bypass these overrides.
     */

    /**
     * Decides that the operation does not complete, if nothing has completed it yet, and undoes
     * its waiting (unlinks its waiters, hands a send's value over); false if it had completed.
     */
    abstract boolean abandon();

    /** Abandons the operation if nothing has completed it yet; then, and only then, the future is cancelled. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (abandon()) {
            super.cancel(mayInterruptIfRunning);
            return true;
        }
        return isCancelled();
    }

    /** Abandons the operation if nothing has completed it yet; then completes with {@code value}. */
    @Override
    public boolean complete(T value) {
        return abandon() && super.complete(value);
    }

    /** Abandons the operation if nothing has completed it yet; then completes with {@code ex}. */
    @Override
    public boolean completeExceptionally(Throwable ex) {
        return abandon() && super.completeExceptionally(ex);
    }

    /** Completes with the operation's outcome. */
    final void completeWith(T value) {
        super.complete(value);
    }

    /** Completes with the operation's failure. */
    final void failWith(Throwable e) {
        super.completeExceptionally(e);
    }

    /**
     * Runs {@code settle}, which completes the future, on this thread, unless it is one of
     * Weft's own (a scheduler's carrier, the timer thread): user code, the future's dependents,
     * must not run, or block, there, so it moves to a new virtual thread.
     */
    static void settleOffWeftThreads(String name, Runnable settle) {
        Thread t = Thread.currentThread();
        if (!t.isVirtual() && (t instanceof Carrier || OwnThreads.contains(t))) {
            try {
                Thread.ofVirtual().name(name).start(settle);
                return;
            } catch (Throwable cannotStart) {
                // an OutOfMemoryError starting it: complete here rather than never
            }
        }
        settle.run();
    }
}
