package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The dump's wait duration, in Go's form: whole minutes, once there is at least one. */
class WaitedSuffixTest {
    @Test
    void minutesAppearFromTheFirstWholeOne() {
        assertEquals("", Scheduler.waitedSuffix(Duration.ZERO));
        assertEquals("", Scheduler.waitedSuffix(Duration.ofSeconds(59)));
        assertEquals(", 1 minutes", Scheduler.waitedSuffix(Duration.ofSeconds(60)));
        assertEquals(", 2 minutes", Scheduler.waitedSuffix(Duration.ofSeconds(179)));
        assertEquals(", 1440 minutes", Scheduler.waitedSuffix(Duration.ofDays(1)));
    }
}
