package dev.weft.internal;

import java.time.Duration;
import java.time.Instant;

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
    private static final long MAX_WAIT_SECONDS = MAX_WAIT / 1_000_000_000L;

    private Nanos() {}

    /**
     * {@code d} in nanoseconds, clamped to [{@code -MAX_WAIT}, {@code MAX_WAIT}].
     *
     * @throws NullPointerException if {@code d} is null
     */
    public static long of(Duration d) {
        long seconds = d.getSeconds();
        if (seconds >= MAX_WAIT_SECONDS) {
            return MAX_WAIT;
        }
        if (seconds <= -MAX_WAIT_SECONDS) {
            return -MAX_WAIT;
        }
        return d.toNanos();                  // |seconds| < 2^32: cannot overflow
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
        Duration room = d.isNegative() ? Duration.between(now, Instant.MIN) : Duration.between(now, Instant.MAX);
        if (d.isNegative() ? d.compareTo(room) <= 0 : d.compareTo(room) >= 0) {
            return d.isNegative() ? Instant.MIN : Instant.MAX;
        }
        return now.plus(d);
    }
}
