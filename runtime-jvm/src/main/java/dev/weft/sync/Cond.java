package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.internal.Blocking;
import dev.weft.internal.CurrentContext;
import dev.weft.internal.Nanos;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * Go's {@code sync.Cond}: goroutines wait for a condition guarded by a {@link Mutex}, and are
 * woken one ({@link #signal()}) or all ({@link #broadcast()}) at a time.
 *
 * <pre>{@code
 * mu.lock();
 * try {
 *     while (queue.isEmpty()) cond.await();   // unlocks, parks, locks again
 *     take(queue);
 * } finally { mu.unlock(); }
 * }</pre>
 *
 * Made by {@link Mutex#newCond()}; a thin face over the {@code AbstractQueuedSynchronizer}
 * condition of that mutex. Every method requires the mutex to be locked
 * ({@link IllegalMonitorStateException}, naming the use, otherwise): {@code await} as in Go,
 * and unlike Go also {@link #signal()} and {@link #broadcast()}, as JDK conditions do.
 */
public final class Cond {
    private final Mutex mutex;
    private final Condition condition;

    Cond(Mutex mutex, Condition condition) {
        this.mutex = mutex;
        this.condition = condition;
    }

    /** The mutex this condition belongs to (Go's {@code c.L}). */
    public Mutex mutex() {
        return mutex;
    }

    /**
     * Atomically unlocks the mutex and parks until signalled, then locks it again before
     * returning (Go's {@code Wait}). As in Go, wake-ups may be spurious: wait in a loop.
     * Interrupts and the current context end it as they end every Weft wait (see the
     * {@link dev.weft} package), and the mutex is locked again either way, as a JDK
     * condition's interrupted await leaves its lock held.
     *
     * @throws java.util.concurrent.CancellationException if interrupted before a signal; the
     *                                                    mutex is locked
     */
    public void await() {
        requireLocked("await");
        Blocking.await(null, Blocking.FOREVER, this::awaitSignal, "condition", this);
    }

    /**
     * As {@link #await()}, waiting at most {@code timeout} (zero or negative: it unlocks and
     * locks again, and returns false); the mutex is locked again either way.
     *
     * @return false if the time ran out before a signal (or a spurious wake-up)
     */
    public boolean await(Duration timeout) {
        requireLocked("await");
        return Blocking.await(null, Nanos.ofTimeout(timeout),
                n -> condition.await(n, TimeUnit.NANOSECONDS), "condition", this);
    }

    private Void awaitSignal(long ignored) throws InterruptedException {
        condition.await();
        return null;
    }

    /**
     * As {@link #await()}, but also returns when {@code ctx} ends, by throwing; the mutex is
     * locked again either way (as a JDK condition's interrupted await leaves its lock held).
     *
     * @throws dev.weft.context.ContextException if {@code ctx} ended (or had ended) before a
     *                                           signal; the mutex is locked
     */
    public void await(Context ctx) {
        requireLocked("await");
        ctx.throwIfDone();
        Blocking.await(CurrentContext.of(ctx), Blocking.FOREVER, this::awaitSignal, "condition", this);
    }

    /** Wakes one waiting goroutine, if any (Go's {@code Signal}). */
    public void signal() {
        requireLocked("signal");
        condition.signal();
    }

    /** Wakes every waiting goroutine (Go's {@code Broadcast}). */
    public void broadcast() {
        requireLocked("broadcast");
        condition.signalAll();
    }

    /**
     * Checked first, so that misuse is named at once; the condition's own check still stands
     * behind it for a mutex unlocked by another goroutine in the meantime.
     */
    private void requireLocked(String use) {
        if (!mutex.isLocked()) {
            throw new IllegalMonitorStateException(use + " of " + this + " whose Mutex is not locked");
        }
    }

    /** Its identity, as wait reasons and flight-recorder events name it: {@code Cond@1b6d3586}. */
    @Override
    public String toString() {
        return "Cond@" + Integer.toHexString(System.identityHashCode(this));
    }
}
