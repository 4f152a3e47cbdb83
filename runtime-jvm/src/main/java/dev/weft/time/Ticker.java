package dev.weft.time;

import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import dev.weft.internal.Nanos;
import dev.weft.internal.TimerQueue;
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
    private Shot shot;                   // guarded by this; see Shot

    Ticker(Duration period) {
        start(checkedPeriod(period));
    }

    private static long checkedPeriod(Duration period) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("ticker period must be positive, but is " + period);
        }
        return Nanos.of(period);
    }

    private synchronized void start(long periodNanos) {
        Shot s = new Shot();
        shot = s;
        pending = TimerQueue.scheduleAtFixedRate(() -> tick(s), periodNanos);
    }

    private void tick(Shot s) {
        if (s.beginFire()) {
            try {
                c.trySend(Instant.now());
            } finally {
                s.ticked();
            }
        }
    }

    /** The channel ticks arrive on (Go's {@code C}). */
    public RecvChan<Instant> c() {
        return c;
    }

    /**
     * Stops the ticks. Once this returns, the channel holds no tick and receives none until a
     * {@link #reset}. The channel stays open.
     */
    public synchronized void stop() {
        shot.stop();
        pending.cancel();
        c.tryRecv();
    }

    /**
     * Stops the ticker and restarts it with a new period.
     *
     * @throws IllegalArgumentException if {@code period} is not positive; the ticker is then
     *                                  left as it was
     */
    public synchronized void reset(Duration period) {
        long nanos = checkedPeriod(period);
        stop();
        start(nanos);
    }
}
