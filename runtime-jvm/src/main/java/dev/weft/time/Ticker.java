package dev.weft.time;

import dev.weft.chan.Chan;
import dev.weft.internal.TimerQueue;
import dev.weft.chan.RecvChan;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Ticker}: sends the time on {@link #c()} every period. The channel holds one
 * tick; a receiver too slow for the period misses ticks rather than queuing them, as in Go.
 * {@link #stop()} does not close the channel (a loop over it would end; in Go it does not).
 */
public final class Ticker {
    private final Chan<Instant> c = Chan.make(1);
    private TimerQueue.Entry pending;    // guarded by this

    Ticker(Duration period) {
        start(period);
    }

    private synchronized void start(Duration period) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("ticker period must be positive, but is " + period);
        }
        pending = TimerQueue.scheduleAtFixedRate(() -> c.trySend(Instant.now()), period.toNanos());
    }

    /** The channel ticks arrive on (Go's {@code C}). */
    public RecvChan<Instant> c() {
        return c;
    }

    /** Stops the ticks; a tick already buffered is discarded. The channel stays open. */
    public synchronized void stop() {
        pending.cancel();
        c.tryRecv();
    }

    /**
     * Stops the ticker and restarts it with a new period.
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public synchronized void reset(Duration period) {
        stop();
        start(period);
    }
}
