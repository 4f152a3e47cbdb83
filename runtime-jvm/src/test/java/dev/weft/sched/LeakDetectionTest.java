package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Waits;
import dev.weft.chan.Chan;
import dev.weft.sync.Mutex;
import dev.weft.time.Time;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CancellationException;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Goroutines blocked for good are found by the garbage collector (Go's leak detection); those
 * that something reachable could still wake are not. Runs in its own JVM, started with
 * {@code -Djdk.trackAllThreads=false} (see the module's build).
 */
class LeakDetectionTest {
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final Scheduler s = Scheduler.builder().name("leaks").workers(2).detectLeaks(true)
            .uncaughtExceptionHandler((g, t) -> {
                if (!(t instanceof CancellationException)) {
                    failures.add(t);
                }
            })
            .build();

    @AfterEach
    void close() {
        s.shutdownNow();                     // ends the waits a test left on purpose
        s.close();
        assertTrue(failures.isEmpty(), () -> "goroutines failed: " + failures);
    }

    /** Starts a goroutine that receives from a channel only it can reach, and waits until it blocks. */
    private void leakOne(String name) {
        s.go(name, () -> {
            Chan<Integer> mine = Chan.make(0);
            mine.recv();
        });
        awaitBlocked(name);
    }

    /** Until the goroutine named {@code name} is parked; the look also notes its wait for a report. */
    private void awaitBlocked(String name) {
        Waits.whileTrue(name + " has not blocked", () -> s.goroutines().stream()
                .noneMatch(g -> g.name().equals(name) && g.state() == Goroutine.State.WAITING));
    }

    /** Collects until {@code n} leaks are reported, failing with the dump after 30 s. */
    private void collectUntilLeaks(long n) {
        Waits.whileTrue("fewer than " + n + " leaks reported (" + s.leakCount() + ")", () -> {
            if (s.leakCount() >= n) {
                return false;
            }
            System.gc();
            return true;
        });
    }

    private List<String> leakedNames() {
        return s.leaks().stream().map(GoroutineLeak::name).sorted().toList();
    }

    @Test
    void aGoroutineReceivingFromAChannelNoOneElseCanReachIsReportedWithItsWaitAndStack() throws JMException {
        leakOne("lonely");
        collectUntilLeaks(1);
        GoroutineLeak leak = s.leaks().get(0);
        assertEquals("lonely", leak.name());
        assertTrue(leak.waitingOn().startsWith("chan receive"), leak.waitingOn());
        assertTrue(leak.stack().stream().anyMatch(f -> f.getMethodName().contains("leakOne")),
                () -> "the goroutine's own frame is in its stack: " + leak.stack());
        assertEquals(0, leak.createdBy(), "a platform thread started it");
        assertEquals(1L, ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("dev.weft:type=Scheduler,name=\"leaks\",*"), null).stream()
                .map(n -> attribute(n, "LeakedGoroutines")).findFirst().orElseThrow(), "JMX counts it");
        assertTrue(s.awaitQuiescence(Duration.ofSeconds(30)), "a leaked goroutine no longer counts as alive");
        assertTrue(s.goroutines().isEmpty(), s.dump());
    }

    private static Object attribute(ObjectName bean, String name) {
        try {
            return ManagementFactory.getPlatformMBeanServer().getAttribute(bean, name);
        } catch (JMException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoGoroutinesWaitingOnEachOthersChannelsAreBothReported() {
        s.go("pair", () -> {
            Chan<Integer> toA = Chan.make(0);
            Chan<Integer> toB = Chan.make(0);
            s.go("a", () -> toB.send(toA.recv()));
            s.go("b", () -> toA.send(toB.recv()));
        });
        awaitBlocked("a");
        awaitBlocked("b");
        collectUntilLeaks(2);
        assertEquals(List.of("a", "b"), leakedNames());
        assertTrue(s.leaks().stream().allMatch(l -> l.createdBy() != 0), "a goroutine started them");
    }

    @Test
    void aGoroutineWaitingForALockWhoseHolderLeakedIsReportedWithIt() {
        s.go("owner", () -> {
            Mutex m = new Mutex();
            Chan<Boolean> locked = Chan.make(0);
            s.go("holder", () -> {
                m.lock();
                locked.send(true);
                Chan<Integer> mine = Chan.make(0);
                mine.recv();                 // holds m for good
            });
            locked.recv();
            s.go("waiter", m::lock);
        });
        awaitBlocked("holder");
        awaitBlocked("waiter");
        collectUntilLeaks(2);
        assertEquals(List.of("holder", "waiter"), leakedNames());
    }

    @Test
    void aGoroutineAPlatformThreadWillSendToIsNotReported() {
        Chan<Integer> held = Chan.make(0);
        Chan<Integer> got = Chan.make(1);
        s.go("served", () -> got.send(held.recv()));
        awaitBlocked("served");
        leakOne("control");
        collectUntilLeaks(1);                // the collection that found the control would have found it
        assertEquals(List.of("control"), leakedNames());
        held.send(42);
        assertEquals(42, got.recv());
    }

    @Test
    void aGoroutineWhoseHandleIsHeldIsNotReported() {
        Goroutine handle = s.go("handled", () -> {
            Chan<Integer> mine = Chan.make(0);
            mine.recv();
        });
        awaitBlocked("handled");
        leakOne("control");
        collectUntilLeaks(1);
        assertEquals(List.of("control"), leakedNames());
        handle.interrupt();                  // the handle could always end its wait
        assertTrue(handle.join(Duration.ofSeconds(30)), s.dump());
    }

    @Test
    void aGoroutineThatASleepingGoroutineWillSendToIsNotReported() {
        Chan<Integer> got = Chan.make(1);
        Chan<Boolean> release = Chan.make(0);
        s.go("sender", () -> {
            Chan<Integer> between = Chan.make(0);
            s.go("receiver", () -> got.send(between.recv()));
            release.recv();                  // reachable: the test holds release
            between.send(7);
        });
        awaitBlocked("receiver");
        awaitBlocked("sender");
        leakOne("control");
        collectUntilLeaks(1);
        assertEquals(List.of("control"), leakedNames());
        release.send(true);
        assertEquals(7, got.recv());
    }

    @Test
    void aGoroutineInATimedWaitIsNotReported() {
        Chan<Boolean> done = Chan.make(1);
        s.go("sleeper", () -> {
            Chan<Integer> mine = Chan.make(0);
            mine.recv(Duration.ofSeconds(30));   // the timer can end it
            done.send(true);
        });
        awaitBlocked("sleeper");
        leakOne("control");
        collectUntilLeaks(1);
        assertEquals(List.of("control"), leakedNames());
        assertTrue(s.goroutines().stream().anyMatch(g -> g.name().equals("sleeper")), s.dump());
    }

    /** Only the goroutine refers to its timer's channel: the timer heap holds it, so the goroutine is not reported and wakes. */
    @Test
    void aGoroutineWaitingOnATimersChannelIsNotReported() {
        Chan<Boolean> done = Chan.make(1);
        s.go("timed", () -> {
            Time.after(Duration.ofSeconds(2)).recv();
            done.send(true);
        });
        awaitBlocked("timed");
        leakOne("control");
        collectUntilLeaks(1);
        assertEquals(List.of("control"), leakedNames());
        assertTrue(done.recv(Duration.ofSeconds(30)).isOk(), "the timer woke it\n" + s.dump());
    }
}
