package dev.weft.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Time values as Weft computes with them: nanoseconds that saturate instead of overflowing.
 * Public only so that Weft's packages can share it; not part of Weft's API.
 *
 * <p>A {@link Duration} holds up to about 292 billion years, a {@code long} of nanoseconds
 * only 292 years, and {@link Duration#toNanos()} throws {@link ArithmeticException} past
 * that. Every timeout Weft takes goes through {@link #of(Duration)} instead, which clamps it
 * to &plusmn;{@link #MAX_WAIT}: about 146 years, as long as anything waits, and short enough
 * that a deadline {@code System.nanoTime() + MAX_WAIT} still compares correctly with later
 * readings of the clock (their difference stays below 2<sup>63</sup>). The rule for callers:
 * zero or negative means "already expired", {@code MAX_WAIT} means "as long as it takes".
 */
public final class Nanos {
    /** The longest wait, in nanoseconds: {@code Long.MAX_VALUE / 2}, about 146 years. */
    public static final long MAX_WAIT = Long.MAX_VALUE / 2;

    private Nanos() {}

    /**
     * {@code d} in nanoseconds, clamped to [{@code -MAX_WAIT}, {@code MAX_WAIT}]
     * ({@link TimeUnit#convert(Duration)} saturates at the {@code long} range; the clamp keeps
     * deadlines computable).
     *
     * @throws NullPointerException if {@code d} is null
     */
    public static long of(Duration d) {
        return Math.clamp(TimeUnit.NANOSECONDS.convert(d), -MAX_WAIT, MAX_WAIT);
    }

    /** As {@link #of}, but zero for a negative duration: how long to wait at most. */
    public static long ofTimeout(Duration d) {
        return Math.max(0, of(d));
    }

    /** How long from now until {@code deadline}, clamped as {@link #of}. */
    public static long until(Instant deadline) {
        return of(Duration.between(Instant.now(), deadline));   // never overflows: Instants span 2^61 s
    }

    /** {@code now} plus {@code d}, saturating at {@link Instant#MAX} and {@link Instant#MIN}. */
    public static Instant plus(Instant now, Duration d) {
        try {
            return now.plus(d);
        } catch (DateTimeException | ArithmeticException beyondTheEndOfTime) {
            return d.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }
}
