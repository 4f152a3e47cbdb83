package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Waits;
import dev.weft.chan.Chan;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How long goroutines have waited: noted by the scheduler's own look at its parked goroutines,
 * and shown in the dump in Go's form, whole minutes once there is at least one.
 */
class WaitedSuffixTest {
    @Test
    void theSchedulerNotesWaitsWithoutBeingAsked() throws Exception {
        try (Scheduler s = Scheduler.builder().name("looks").build()) {
            Chan<Integer> never = Chan.make();
            long begun = System.nanoTime();
            Goroutine g = s.go("sleeper", never::recv);
            try {
                Waits.whileTrue("the scheduler has not noted the wait", () -> !g.waitSeen());
                long noted = System.nanoTime();
                Duration waited = g.info().waited();
                long asked = System.nanoTime();
                // Noted before `noted`, parked after `begun`: asking does not restart the wait.
                assertTrue(waited.toNanos() >= 0 && waited.toNanos() <= asked - begun,
                        "parked at most " + (asked - begun) + " ns ago: " + waited);
                long later = System.nanoTime();
                assertTrue(g.info().waited().toNanos() >= later - noted,
                        "noted at least " + (later - noted) + " ns ago: " + g.info());
            } finally {
                never.send(1);
            }
            assertTrue(g.join(Duration.ofSeconds(30)), s::dump);
        }
    }

    @Test
    void minutesAppearFromTheFirstWholeOne() {
        assertEquals("", Scheduler.waitedSuffix(Duration.ZERO));
        assertEquals("", Scheduler.waitedSuffix(Duration.ofSeconds(59)));
        assertEquals(", 1 minutes", Scheduler.waitedSuffix(Duration.ofSeconds(60)));
        assertEquals(", 2 minutes", Scheduler.waitedSuffix(Duration.ofSeconds(179)));
        assertEquals(", 1440 minutes", Scheduler.waitedSuffix(Duration.ofDays(1)));
    }
}
