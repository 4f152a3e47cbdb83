package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Waits;
import dev.weft.chan.Chan;
import dev.weft.sync.Mutex;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;
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
}
