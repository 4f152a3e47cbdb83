package dev.weft.internal;

import dev.weft.trace.GoroutineBlocked;
import java.util.concurrent.CancellationException;

/**
 * Weft's one rule for blocking operations, for those built on JDK waits that only an interrupt
 * can end ({@code AbstractQueuedSynchronizer} acquires, {@code Thread.join},
 * {@code CyclicBarrier}). Public only so that Weft's packages can share it; not part of Weft's
 * API. The rule, stated for users in the {@code dev.weft} package documentation:
 * <ul>
 *   <li>an interrupt of the waiting thread (before or during the wait) abandons the wait and
 *       throws {@link CancellationException}; the interrupt status stays set;</li>
 *   <li>the end of the thread's current context, or of a context the call was given, abandons
 *       it and throws that context's {@code ContextException};</li>
 *   <li>either way the operation had no effect.</li>
 * </ul>
 */
public final class Blocking {
    /*
     * Implementation overview.
     *
     * A context reaches the JDK wait by an interrupt ({@link CurrentContext.View#interruptOnDone}).
     * When the wait throws {@link InterruptedException}, a binding that fired means its context
     * ended (the binding's close clears its interrupt, and the context's exception follows);
     * otherwise the interrupt came from elsewhere: it is restored and {@link CancellationException}
     * follows. A thread already interrupted is not bound at all, so no binding can clear an
     * interrupt it did not deliver, except one that lands in the instant its own does.
     */

    /** An interruptible JDK wait; {@code nanos} is {@link #FOREVER} or a timeout. */
    @FunctionalInterface
    public interface Wait<T> {
        T run(long nanos) throws InterruptedException;
    }

    /** "No timeout", as a {@code nanos} argument. */
    public static final long FOREVER = -1;

    private Blocking() {}

    /**
     * Runs {@code wait} under Weft's rule for blocking operations: it ends early when the thread
     * is interrupted, or when {@code given} (may be null) or the thread's current context ends.
     *
     * A wait longer than its threshold is recorded as a {@link GoroutineBlocked} event when a
     * flight recording wants it.
     *
     * @param what what was waited for, for the exception's message ("mutex lock")
     * @param on   the lock, group or goroutine waited on, for the event
     */
    public static <T> T await(CurrentContext.View given, long nanos, Wait<T> wait, String what, Object on) {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(what);
        }
        CurrentContext.View current = CurrentContext.current();
        CurrentContext.View ended = null;
        CurrentContext.Binding first = null;
        CurrentContext.Binding second = null;
        long start = GoroutineBlocked.startIfRecorded();
        Trace.block(on, what);
        try {
            first = given != null ? given.interruptOnDone() : null;
            second = current != null ? current.interruptOnDone() : null;
            return wait.run(nanos);
        } catch (InterruptedException e) {
            ended = first != null && first.fired() ? given : second != null && second.fired() ? current : null;
        } finally {
            if (second != null) {
                second.close();
            }
            if (first != null) {
                first.close();
            }
            GoroutineBlocked.endIfRecorded(start, what, on);
            Trace.resumed();
        }
        if (ended == null) {
            Thread.currentThread().interrupt();
            throw interrupted(what);
        }
        ended.throwIfDone();                    // it fired, so it has ended: this throws
        throw new IllegalStateException("a context's interrupt fired before it ended");
    }

    /** What a blocking operation throws when its thread is interrupted. */
    public static CancellationException interrupted(String what) {
        return new CancellationException("interrupted while waiting: " + what + " abandoned");
    }
}
