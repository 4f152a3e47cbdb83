package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Waits;
import dev.weft.chan.Chan;
import dev.weft.sync.Mutex;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** Partial deadlocks: a cycle of goroutines waiting for each other's locks while others run. */
class LockCyclesTest {
    private final Mutex a = new Mutex();
    private final Mutex b = new Mutex();
    private final Mutex c = new Mutex();
    private final Chan<Boolean> holding = Chan.make(2);
    private final AtomicBoolean stop = new AtomicBoolean();

    private void lockBoth(Mutex first, Mutex second) {
        first.lock();
        try {
            holding.send(true);
            while (holding.len() < 2) {
                Thread.onSpinWait();         // both hold one lock before either takes its second
            }
            second.lock();
            second.unlock();
        } finally {
            first.unlock();
        }
    }

    /** Until {@code g} waits untimed: a lock waits a moment with a timeout before it starves. */
    private static void awaitWaiting(Goroutine g) {
        Waits.whileTrue(g.name() + " has not blocked", () -> g.thread.getState() != Thread.State.WAITING);
    }

    @Test
    void aTwoLockCycleIsFoundWhileAnotherGoroutineRuns() throws Exception {
        try (Scheduler s = Scheduler.builder().name("cycles").workers(2)
                .uncaughtExceptionHandler((g, t) -> {
                    if (!(t instanceof CancellationException)) {
                        t.printStackTrace();
                    }
                }).build()) {
            try {
                check(s);
            } finally {
                stop.set(true);                  // on a failure too: close() waits for every goroutine
                s.shutdownNow();
            }
        }
    }

    private void check(Scheduler s) throws Exception {
        Goroutine runner = s.go("runner", () -> {
            c.lock();                            // held by a goroutine that runs: no cycle through it
            while (!stop.get()) {
                Thread.onSpinWait();
            }
            c.unlock();
        });
        Waits.whileTrue("the runner has not locked c", () -> !c.isLocked());
        Goroutine first = s.go("first", () -> lockBoth(a, b));
        Goroutine second = s.go("second", () -> lockBoth(b, a));
        Goroutine chained = s.go("chained", c::lock);
        awaitWaiting(first);
        awaitWaiting(second);
        awaitWaiting(chained);

        List<List<GoroutineInfo>> cycles = s.lockCycles();
        assertEquals(1, cycles.size(), cycles::toString);
        List<GoroutineInfo> cycle = cycles.get(0);
        Goroutine low = first.id() < second.id() ? first : second;
        Goroutine high = low == first ? second : first;
        assertEquals(List.of(low.id(), high.id()), cycle.stream().map(GoroutineInfo::id).toList());
        assertTrue(cycle.stream().allMatch(g -> g.waitingOn().startsWith("mutex lock (locked")), cycle::toString);

        String line = "lock cycle: goroutine " + low.id() + " \"" + low.name() + "\" -> goroutine " + high.id()
                + " \"" + high.name() + "\" -> goroutine " + low.id();
        assertTrue(s.dump().startsWith(line + "\n"), s.dump());
        ObjectName bean = ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("dev.weft:type=Scheduler,name=\"cycles\",*"), null).iterator().next();
        assertEquals(line + "\n", ManagementFactory.getPlatformMBeanServer().invoke(bean, "lockCycles", null, null));

        stop.set(true);
        assertTrue(chained.join(Duration.ofSeconds(30)), s::dump);
        assertTrue(runner.join(Duration.ofSeconds(30)), s::dump);
        assertEquals(1, s.lockCycles().size(), "the cycle outlives the others");
        first.interrupt();                       // Weft's lock waits end on an interrupt: the cycle breaks
        assertTrue(first.join(Duration.ofSeconds(30)) && second.join(Duration.ofSeconds(30)), s::dump);
        assertTrue(s.lockCycles().isEmpty());
    }

    @Test
    void theSchedulerReportsACycleByItselfOnceItOutlastsALook() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.WARNING && r.getMessage().contains("lock cycle:")) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger log = Logger.getLogger("dev.weft");
        log.addHandler(capture);
        try (Recording recording = new Recording();
             Scheduler s = Scheduler.builder().name("watched").workers(2)
                     .uncaughtExceptionHandler((g, t) -> {
                         if (!(t instanceof CancellationException)) {
                             t.printStackTrace();
                         }
                     }).build()) {
            recording.enable("dev.weft.LockCycleFound");
            recording.start();
            Goroutine first = s.go("first", () -> lockBoth(a, b));
            Goroutine second = s.go("second", () -> lockBoth(b, a));
            try {
                Waits.whileTrue("no lock cycle was reported", warnings::isEmpty);
                Goroutine low = first.id() < second.id() ? first : second;
                Goroutine high = low == first ? second : first;
                String report = warnings.get(0);
                assertTrue(report.contains("scheduler watched: goroutines deadlocked on locks"), report);
                assertTrue(report.contains("lock cycle: goroutine " + low.id() + " \"" + low.name() + "\" -> goroutine "
                        + high.id() + " \"" + high.name() + "\" -> goroutine " + low.id()), report);
                assertTrue(report.contains("goroutine " + first.id() + " \"first\" [mutex lock (locked"), report);
                assertTrue(report.contains("LockCyclesTest.lockBoth"), "with the stacks: " + report);
                recording.stop();
                Path file = Files.createTempFile("lock-cycle", ".jfr");
                try {
                    recording.dump(file);
                    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                            .filter(e -> e.getEventType().getName().equals("dev.weft.LockCycleFound")).toList();
                    assertEquals(1, events.size(), events::toString);
                    assertEquals("watched", events.get(0).getString("scheduler"));
                    assertEquals(report.substring(report.indexOf("lock cycle:")), events.get(0).getString("cycle"));
                } finally {
                    Files.deleteIfExists(file);
                }
            } finally {
                first.interrupt();               // the cycle breaks: close() can wait for both
                second.interrupt();
            }
        } finally {
            log.removeHandler(capture);
        }
    }
}
