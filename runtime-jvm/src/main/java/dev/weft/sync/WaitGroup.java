package dev.weft.sync;

import dev.weft.Weft;
import dev.weft.context.Context;
import dev.weft.internal.Blocking;
import dev.weft.internal.CurrentContext;
import dev.weft.internal.Nanos;
import dev.weft.internal.WeftBlocker;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of goroutines to finish.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (Job j : jobs) {
 *     wg.go(j::run);                // Go 1.25's wg.Go: add(1), and done() however it ends
 * }
 * wg.await();
 * }</pre>
 */
public final class WaitGroup {
    /*
     * Implementation overview.
     *
     * An {@link AbstractQueuedSynchronizer} in shared mode whose state is the counter: waiters
     * acquire (succeeding only at zero), and the {@link #add} that brings the counter to zero
     * releases them all, as {@code CountDownLatch} does. Unlike a latch it can count up again after
     * reaching zero and be reused, as Go's can. A counter that would go negative throws and is left
     * unchanged.
     */

    private static final class Sync extends QueuedSynchronizer implements WeftBlocker {
        private static final long serialVersionUID = 1L;

        /** What a waiting goroutine waits on, as Weft's dump and a debugger show its blocker. */
        @Override
        public String toString() {
            return "wait group (count " + getState() + ")";
        }

        int count() {
            return getState();
        }

        @Override
        protected int tryAcquireShared(int ignored) {
            return getState() == 0 ? 1 : -1;
        }

        @Override
        protected boolean tryReleaseShared(int delta) {
            for (;;) {
                int c = getState();
                long next = (long) c + delta;
                if (next < 0) {
                    throw new IllegalStateException("negative WaitGroup counter: " + c + " + (" + delta + ")");
                }
                if (next > Integer.MAX_VALUE) {
                    throw new IllegalStateException("WaitGroup counter overflow: " + c + " + " + delta);
                }
                if (compareAndSetState(c, (int) next)) {
                    return next == 0 && delta != 0;
                }
            }
        }
    }

    private final Sync sync = new Sync();

    /**
     * Adds {@code delta}, which may be negative, to the counter. When it reaches zero every
     * goroutine blocked in {@link #await()} is released.
     *
     * @throws IllegalStateException if the counter would become negative (Go panics)
     */
    public void add(int delta) {
        sync.releaseShared(delta);
    }

    /** Decrements the counter by one: {@code add(-1)}. */
    public void done() {
        add(-1);
    }

    /**
     * Adds one to the counter and starts a goroutine running {@code body} (as {@link Weft#go}
     * does) that calls {@link #done()} however the body ends: Go 1.25's {@code wg.Go(f)}. If the
     * goroutine cannot start (its scheduler was shut down), the count is taken back and the
     * exception propagates.
     */
    public Goroutine go(Body body) {
        return go(null, body);
    }

    /** As {@link #go(Body)}, the goroutine named {@code name} (null: the default name). */
    public Goroutine go(String name, Body body) {
        Objects.requireNonNull(body, "body");
        add(1);
        Body counted = () -> {
            try {
                body.run();
            } finally {
                done();
            }
        };
        try {
            return name == null ? Weft.go(counted) : Weft.go(name, counted);
        } catch (RuntimeException | Error e) {
            done();
            throw e;
        }
    }

    /** Waits until the counter is zero (Go's {@code Wait}). */
    public void await() {
        if (sync.count() != 0) {
            Blocking.await(null, Blocking.FOREVER, this::awaitZero, "wait group", this);
        }
    }

    private Void awaitZero(long ignored) throws InterruptedException {
        sync.acquireSharedInterruptibly(1);
        return null;
    }

    /**
     * Waits until the counter is zero or {@code ctx} ends.
     *
     * @throws dev.weft.context.ContextException if {@code ctx} ends first (or has ended)
     */
    public void await(Context ctx) {
        ctx.throwIfDone();
        if (sync.count() == 0) {
            return;
        }
        Blocking.await(CurrentContext.of(ctx), Blocking.FOREVER, this::awaitZero, "wait group", this);
    }

    /**
     * Waits at most {@code timeout} until the counter is zero (zero or negative: not at all).
     *
     * @return whether it reached zero in time
     */
    public boolean await(Duration timeout) {
        long nanos = Nanos.ofTimeout(timeout);
        return sync.count() == 0
                || (nanos > 0 && Blocking.await(null, nanos, left -> sync.tryAcquireSharedNanos(1, left), "wait group", this));
    }

    /** The counter now; for monitoring. */
    public int count() {
        return sync.count();
    }

    @Override
    public String toString() {
        return "WaitGroup[count=" + count() + "]";
    }
}
