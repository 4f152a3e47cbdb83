package dev.weft.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.chan.Chan;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sync.Mutex;
import dev.weft.time.Time;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Weft's JFR events, recorded and read back from the file: their names, fields and values. */
class FlightEventsTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    @Test
    void blockedGoroutinesCompensationAndStatisticsAreRecorded() throws Exception {
        Path file = Files.createTempFile("weft", ".jfr");
        try (Recording r = new Recording()) {
            r.enable("dev.weft.GoroutineBlocked").with("waitThreshold", "20 ms").withStackTrace();
            r.enable("dev.weft.SchedulerStatistics").withPeriod(Duration.ofMillis(50));
            r.enable("dev.weft.WorkerCompensation");
            r.start();
            try (Scheduler s = Scheduler.builder().name("traced").workers(1).uncaughtExceptionHandler(failures).build()) {
                // A receive that waits 100 ms for its sender.
                Chan<Integer> c = Chan.make();
                Goroutine receiver = s.go("receiver", c::recv);
                s.go("sender", () -> {
                    Time.sleep(Duration.ofMillis(100));
                    c.send(1);
                });
                // A lock that waits 100 ms for its holder.
                Mutex m = new Mutex();
                m.lock();
                Goroutine locker = s.go("locker", () -> {
                    m.lock();
                    m.unlock();
                });
                Waits.whileTrue("the locker has not blocked", () -> locker.state() != Goroutine.State.WAITING);
                Time.sleep(Duration.ofMillis(100));
                m.unlock();
                assertTrue(receiver.join(Duration.ofSeconds(30)), s::dump);
                assertTrue(locker.join(Duration.ofSeconds(30)), s::dump);
                // A hog on the only worker while another goroutine waits to run: the monitor compensates.
                AtomicBoolean ran = new AtomicBoolean();
                Goroutine hog = s.go("hog", () -> {
                    while (!ran.get()) {
                        Thread.onSpinWait();
                    }
                });
                s.go("starved", () -> ran.set(true));
                assertTrue(hog.join(Duration.ofSeconds(30)), s::dump);
                // The periodic statistics: synchronised on one that counts every spawn above.
                CountDownLatch counted = new CountDownLatch(1);
                try (RecordingStream stream = new RecordingStream()) {
                    stream.enable("dev.weft.SchedulerStatistics").withPeriod(Duration.ofMillis(50));
                    stream.onEvent("dev.weft.SchedulerStatistics", e -> {
                        if (e.getString("scheduler").equals("traced") && e.getLong("spawned") >= 5) {
                            counted.countDown();
                        }
                    });
                    stream.startAsync();
                    assertTrue(counted.await(30, TimeUnit.SECONDS), "no statistics event counted the spawns");
                }
            }
            r.stop();
            r.dump(file);
        }
        try {
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            RecordedEvent recv = only(events, "dev.weft.GoroutineBlocked", "chan receive");
            assertTrue(recv.getString("waitingOn").startsWith("chan receive on Chan#"), recv.toString());
            assertTrue(recv.getDuration("waited").toMillis() >= 50, recv.toString());
            assertEquals("receiver", recv.getThread().getJavaName());
            assertTrue(recv.getStackTrace().getFrames().size() > 0, recv.toString());
            RecordedEvent lock = only(events, "dev.weft.GoroutineBlocked", "mutex lock");
            assertTrue(lock.getString("waitingOn").startsWith("Mutex"), lock.toString());
            assertEquals("locker", lock.getThread().getJavaName());

            RecordedEvent comp = events.stream().filter(e -> e.getEventType().getName().equals("dev.weft.WorkerCompensation"))
                    .findFirst().orElseThrow(() -> new AssertionError("no compensation event in " + events));
            assertEquals("traced", comp.getString("scheduler"));
            assertTrue(comp.getInt("stalled") >= 1 && comp.getInt("workers") >= 2, comp.toString());

            // The last one: emitted after the compensation (earlier ones may precede it).
            RecordedEvent stats = events.stream().filter(e -> e.getEventType().getName().equals("dev.weft.SchedulerStatistics")
                    && e.getString("scheduler").equals("traced"))
                    .max(Comparator.comparing(RecordedEvent::getStartTime))
                    .orElseThrow(() -> new AssertionError("no statistics event in " + events));
            assertTrue(stats.getLong("spawned") >= 5, stats.toString());
            assertEquals("WEFT", stats.getString("kind"));
            assertTrue(stats.getLong("compensations") >= 1, stats.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static RecordedEvent only(List<RecordedEvent> events, String type, String operation) {
        List<RecordedEvent> found = events.stream()
                .filter(e -> e.getEventType().getName().equals(type) && operation.equals(e.getString("operation")))
                .toList();
        assertEquals(1, found.size(), () -> operation + " events: " + found);
        return found.get(0);
    }

    @Test
    void theSettingsFileInTheJarTurnsOnEveryEvent() throws Exception {
        try (Reader in = new InputStreamReader(
                GoroutineBlocked.class.getResourceAsStream("weft.jfc"), StandardCharsets.UTF_8)) {
            Configuration c = Configuration.create(in);
            assertEquals("true", c.getSettings().get("dev.weft.GoroutineBlocked#enabled"));
            assertEquals("10 ms", c.getSettings().get("dev.weft.GoroutineBlocked#waitThreshold"));
            assertEquals("true", c.getSettings().get("dev.weft.SchedulerStatistics#enabled"));
            assertEquals("true", c.getSettings().get("dev.weft.WorkerCompensation#enabled"));
            assertEquals("true", c.getSettings().get("dev.weft.DeadlockFound#enabled"));
        }
    }
}
