package dev.weft.sync;

import dev.weft.internal.Blocking;
import dev.weft.internal.Nanos;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cyclic barrier: {@code parties} goroutines wait for each other, then all proceed, and the
 * barrier is ready for the next generation (zig-routines' barrier).
 *
 * <pre>{@code
 * Barrier b = new Barrier(workers);
 * // in each worker, every step:
 * compute(step);
 * b.await();           // nobody starts step+1 before everyone finished step
 * }</pre>
 *
 * A thin face over {@link CyclicBarrier} (which parks goroutines), with Go-style unchecked
 * failures: if a party's wait is abandoned (an interrupt, its context's end) or times out,
 * the barrier breaks and every other waiter gets {@link IllegalStateException};
 * {@link #reset()} mends it.
 */
public final class Barrier {
    private final AtomicLong generation = new AtomicLong();
    private final CyclicBarrier barrier;

    /**
     * A barrier for {@code parties} goroutines.
     *
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("barrier parties must be at least 1, but is " + parties);
        }
        this.barrier = new CyclicBarrier(parties, generation::incrementAndGet);
    }

    /**
     * Waits until all parties have arrived. An interrupt or the end of the current context
     * ends the wait as it ends every Weft wait (see the {@link dev.weft} package) and breaks
     * the barrier for the other parties, as {@link CyclicBarrier}'s interrupted await does.
     *
     * @return this party's arrival index: {@code parties - 1} for the first, 0 for the last
     * @throws IllegalStateException if the barrier is or becomes broken
     */
    public int await() {
        return Blocking.await(null, Blocking.FOREVER, this::arrive, "barrier", this);
    }

    /**
     * As {@link #await()}, waiting at most {@code timeout}; on timeout the barrier breaks, as
     * {@link CyclicBarrier}'s does.
     *
     * @return the arrival index, or -1 if it timed out
     */
    public int await(Duration timeout) {
        return Blocking.await(null, Nanos.ofTimeout(timeout), this::arrive, "barrier", this);
    }

    private Integer arrive(long nanos) throws InterruptedException {
        try {
            return nanos == Blocking.FOREVER ? barrier.await() : barrier.await(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return -1;
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("barrier broken: a party was interrupted or timed out", e);
        }
    }

    /** Completed generations: how many times every party has arrived. */
    public long generation() {
        return generation.get();
    }

    /** Parties needed to trip the barrier. */
    public int parties() {
        return barrier.getParties();
    }

    /** Whether a party's interrupt or timeout has broken the barrier. */
    public boolean isBroken() {
        return barrier.isBroken();
    }

    /** Breaks the current generation for any waiters and starts a fresh one. */
    public void reset() {
        barrier.reset();
    }

    /** Its identity, as wait reasons and flight-recorder events name it: {@code Barrier@1b6d3586}. */
    @Override
    public String toString() {
        return "Barrier@" + Integer.toHexString(System.identityHashCode(this));
    }
}
