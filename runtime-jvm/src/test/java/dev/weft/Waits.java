package dev.weft;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** For tests: waiting for an event without sleeping, and never for ever. */
public final class Waits {
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private Waits() {}

    /**
     * Spins while {@code holds} is true (the event waited for has not happened yet); if it
     * still is after 30 s, fails with {@code condition} (its text) and a dump of every thread
     * and goroutine.
     */
    public static void whileTrue(String condition, BooleanSupplier holds) {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (holds.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still " + condition + " after 30 s\n" + DumpOnTimeout.dump());
            }
            Thread.onSpinWait();
        }
    }
}
