package dev.weft.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.chan.Chan;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.time.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code waitThreshold} setting of {@link GoroutineBlocked}, and the clock that times waits. */
class WaitThresholdTest {
    private static final long MS = 1_000_000;

    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    @Test
    void parsesTheFlightRecordersTimespans() {
        assertEquals(20 * MS, WaitThreshold.parse("20 ms"));
        assertEquals(5 * MS, WaitThreshold.parse("5ms"));
        assertEquals(0, WaitThreshold.parse("0 ns"));
        assertEquals(500_000, WaitThreshold.parse(" 500 us "));
        assertEquals(3_600_000 * MS, WaitThreshold.parse("1 h"));
        assertEquals(Long.MAX_VALUE, WaitThreshold.parse("infinity"));
        assertEquals(Long.MAX_VALUE, WaitThreshold.parse("9223372036854775807 d"));    // saturates
        assertEquals(Long.MAX_VALUE, WaitThreshold.parse("99999999999999999999 ns"));  // saturates
        assertEquals(-1, WaitThreshold.parse("-5 ms"));
        assertEquals(-1, WaitThreshold.parse("20"));
        assertEquals(-1, WaitThreshold.parse("soon"));
        assertEquals(-1, WaitThreshold.parse(null));
    }

    @Test
    void recordingsCombineToTheShortestThreshold() {
        WaitThreshold t = new WaitThreshold();
        assertEquals("5 ms", t.combine(Set.of("20 ms", "5 ms", "infinity")));
        assertEquals("1 s", t.combine(Set.of("soon", "1 s")));
        assertEquals(WaitThreshold.DEFAULT, t.combine(Set.of("soon")));
        assertEquals(WaitThreshold.DEFAULT, t.combine(Set.of()));
    }

    @Test
    void theThresholdChoosesTheWaitsRecorded() throws Exception {
        try (Scheduler s = Scheduler.builder().name("thresholds").uncaughtExceptionHandler(failures).build()) {
            // Coarse: timed by the ticking clock.
            List<RecordedEvent> events = record("50 ms", s, Duration.ofMillis(100));
            RecordedEvent recv = receive(events);
            assertTrue(recv.getDuration("waited").toMillis() >= 90, recv.toString());
            assertTrue(recv.getDuration("waited").toMillis() < 30_000, recv.toString());
            // No threshold is reached.
            assertTrue(receives(record("infinity", s, Duration.ofMillis(100))).isEmpty());
            // Below a few ticks: timed by the system's clock itself.
            RecordedEvent precise = receive(record("0 ns", s, Duration.ofMillis(2)));
            assertTrue(precise.getDuration("waited").toNanos() >= 2 * MS, precise.toString());
        }
    }

    @Test
    void theClockTicksOnlyWhileARecordingWantsTheEvent() throws Exception {
        try (Scheduler s = Scheduler.builder().name("ticks").uncaughtExceptionHandler(failures).build()) {
            Path file = Files.createTempFile("weft", ".jfr");
            try (Recording r = new Recording()) {
                r.enable("dev.weft.GoroutineBlocked").with("waitThreshold", "20 ms");
                r.start();
                waitFor(s, Duration.ofMillis(1));
                assertTrue(clockTicks(), "no ticking clock while recording");
                r.stop();
            } finally {
                Files.deleteIfExists(file);
            }
            Waits.whileTrue("the clock ticks after the recording", WaitThresholdTest::clockTicks);
        }
    }

    @Test
    void theClockRestsWhileNoWaitReadsItAndATimedWaitWakesIt() throws Exception {
        try (Scheduler s = Scheduler.builder().name("rests").uncaughtExceptionHandler(failures).build()) {
            Path file = Files.createTempFile("weft", ".jfr");
            try {
                try (Recording r = new Recording()) {
                    r.enable("dev.weft.GoroutineBlocked").with("waitThreshold", "50 ms");
                    r.start();
                    waitFor(s, Duration.ofMillis(1));
                    Waits.whileTrue("the clock ticks with no wait to time", () -> !WaitClock.resting());
                    waitFor(s, Duration.ofMillis(100));      // begins while the clock rests
                    r.stop();
                    r.dump(file);
                }
                RecordedEvent recv = receive(RecordingFile.readAllEvents(file));
                assertTrue(recv.getDuration("waited").toMillis() >= 90, recv.toString());
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    private static boolean clockTicks() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("weft-wait-clock"));
    }

    /** The events of a recording at {@code threshold} around a receive that waits {@code wait}. */
    private static List<RecordedEvent> record(String threshold, Scheduler s, Duration wait) throws Exception {
        Path file = Files.createTempFile("weft", ".jfr");
        try {
            try (Recording r = new Recording()) {
                r.enable("dev.weft.GoroutineBlocked").with("waitThreshold", threshold);
                r.start();
                waitFor(s, wait);
                r.stop();
                r.dump(file);
            }
            return RecordingFile.readAllEvents(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A goroutine's receive that waits at least {@code wait}: the send comes {@code wait} after
     * the receiver is seen parked.
     */
    private static void waitFor(Scheduler s, Duration wait) {
        Chan<Integer> c = Chan.make();
        Goroutine receiver = s.go("receiver", () -> assertEquals(1, c.recv()));
        Waits.whileTrue("the receiver has not blocked", () -> receiver.state() != Goroutine.State.WAITING);
        Time.sleep(wait);
        c.send(1);
        assertTrue(receiver.join(Duration.ofSeconds(30)), s::dump);
    }

    private static List<RecordedEvent> receives(List<RecordedEvent> events) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.weft.GoroutineBlocked"))
                .filter(e -> "chan receive".equals(e.getString("operation")))
                .toList();
    }

    private static RecordedEvent receive(List<RecordedEvent> events) {
        List<RecordedEvent> found = receives(events);
        assertEquals(1, found.size(), () -> "receives recorded: " + found);
        return found.get(0);
    }
}
