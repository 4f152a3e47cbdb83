package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IntrospectionTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();


    /** A frame with a recognisable name for the dump to show. */
    static void parkHereForTheDump(CountDownLatch parked, CountDownLatch release) throws InterruptedException {
        parked.countDown();
        release.await();
    }

    @Test
    void dumpNamesAParkedGoroutineAndShowsItsFrame() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build()) {
            CountDownLatch parked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Goroutine g = s.go("dump-me", () -> {
                try {
                    parkHereForTheDump(parked, release);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            parked.await();
            awaitState(g, Goroutine.State.WAITING);
            String dump = s.dump();
            assertTrue(dump.contains("goroutine " + g.id() + " \"dump-me\" [java.util.concurrent.CountDownLatch$Sync"), dump);
            assertTrue(dump.contains("IntrospectionTest.parkHereForTheDump"), dump);

            List<GoroutineInfo> live = s.goroutines();
            assertEquals(1, live.size());
            assertEquals(g.id(), live.get(0).id());
            assertEquals("dump-me", live.get(0).name());
            assertEquals(Goroutine.State.WAITING, live.get(0).state());
            assertEquals(1, s.goroutineCount());
            release.countDown();
            g.join();
            assertTrue(s.goroutines().isEmpty());
            assertEquals("", s.dump());
        }
    }

    @Test
    void statsCountHandoffsInjectionsStealsAndParks() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).workers(2).build()) {
            // Handoffs: two goroutines ping-pong with park/unpark, readying each other.
            int rounds = 1_000;
            Thread[] threads = new Thread[2];
            CountDownLatch ready = new CountDownLatch(2);
            int[] turn = new int[1];
            Object lock = new Object();
            Goroutine ping = s.go(() -> pingPong(threads, 0, ready, turn, lock, rounds));
            Goroutine pong = s.go(() -> pingPong(threads, 1, ready, turn, lock, rounds));
            ping.join();
            pong.join();
            // Steals: a goroutine queues children on its own worker and keeps that worker busy
            // until they have run, so only another worker, stealing, can run them.
            int children = 100;
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch fanned = new CountDownLatch(1);
            s.go(() -> {
                for (int i = 0; i < children; i++) {
                    s.go(ran::incrementAndGet);
                }
                Waits.whileTrue("ran.get() < children", () -> ran.get() < children);
                fanned.countDown();
            });
            fanned.await();
            s.awaitQuiescence();
            SchedulerStats stats = s.stats();
            assertEquals(SchedulerStats.Kind.WEFT, stats.kind());
            assertEquals(2 + 1 + children, stats.spawned(), stats.toString());
            assertEquals(0, stats.live());
            assertTrue(stats.runnextHandoffs() >= 2L * rounds, stats.toString());
            assertTrue(stats.injections() >= 3, stats.toString());
            assertTrue(stats.stealsSucceeded() > 0 && stats.stealsAttempted() >= stats.stealsSucceeded(), stats.toString());
            assertTrue(stats.globalDrains() >= 3, stats.toString());
            assertTrue(stats.parks() > 0 && stats.wakeups() > 0, stats.toString());
        }
    }

    private static void pingPong(Thread[] threads, int me, CountDownLatch ready, int[] turn, Object lock, int rounds) {
        threads[me] = Thread.currentThread();
        ready.countDown();
        try {
            ready.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        for (int i = 0; i < rounds; i++) {
            for (;;) {
                synchronized (lock) {
                    if (turn[0] == me) {
                        turn[0] = 1 - me;
                        break;
                    }
                }
                LockSupport.park();
            }
            LockSupport.unpark(threads[1 - me]);
        }
    }

    private static void awaitState(Goroutine g, Goroutine.State state) {
        // The goroutine counted down just before parking; its state follows within microseconds.
        Waits.whileTrue("g.state() != state", () -> g.state() != state);
    }
}
