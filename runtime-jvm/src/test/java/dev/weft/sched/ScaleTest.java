package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScaleTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    private Scheduler scheduler;

    @BeforeEach
    void start() {
        scheduler = Scheduler.builder().name("scale").uncaughtExceptionHandler(failures).build();
    }

    /** Fails rather than hangs when a goroutine was lost (counted live, never run). */
    @AfterEach
    void stop() throws InterruptedException {
        scheduler.shutdown();
        assertTrue(scheduler.awaitTermination(Duration.ofSeconds(60)), "goroutines left: " + scheduler);
    }

    @Test
    void oneMillionGoroutinesSpawnedAndJoined() throws Exception {
        int n = 1_000_000;
        LongAdder sum = new LongAdder();
        Goroutine[] all = new Goroutine[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            all[i] = scheduler.go(() -> sum.add(k));
        }
        for (Goroutine g : all) {
            g.join();
        }
        assertEquals((long) n * (n - 1) / 2, sum.sum(), "every goroutine ran exactly once");
        for (Goroutine g : all) {
            assertTrue(g.isDone());
        }
        SchedulerStats stats = scheduler.stats();
        assertEquals(SchedulerStats.Kind.WEFT, stats.kind());
        assertEquals(n, stats.spawned());
        assertTrue(scheduler.awaitQuiescence(Duration.ofSeconds(30)));
        assertEquals(0, scheduler.goroutineCount());
    }

    @Test
    void hundredThousandParkedAtOnceAllWoken() throws Exception {
        int n = 100_000;
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        CountDownLatch arrived = new CountDownLatch(n);
        CountDownLatch gate = new CountDownLatch(1);
        LongAdder resumed = new LongAdder();
        List<Goroutine> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(scheduler.go(() -> {
                arrived.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                resumed.increment();
            }));
        }
        arrived.await();
        assertEquals(n, scheduler.goroutineCount(), "all parked goroutines are live");
        long waiting = scheduler.goroutines().stream()
                .filter(g -> g.state() == Goroutine.State.WAITING).count();
        // A goroutine counts down, then parks: each is WAITING or about to be.
        assertTrue(waiting > n / 2, "most goroutines are parked: " + waiting);
        int threadsAdded = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
        assertTrue(threadsAdded < 32, "100,000 parked goroutines hold no carrier threads: the JVM has "
                + threadsAdded + " more platform threads, " + scheduler.workerCount() + " workers");
        gate.countDown();
        for (Goroutine g : all) {
            g.join();
        }
        assertEquals(n, resumed.sum(), "every parked goroutine woke exactly once");
        assertTrue(scheduler.awaitQuiescence(Duration.ofSeconds(30)));
    }

    @Test
    void goroutinesSpawnedFromGoroutinesAndFromPlatformThreads() throws Exception {
        int platformThreads = 4;
        int perSpawner = 2_000;
        AtomicLong ran = new AtomicLong();
        List<Thread> spawners = new ArrayList<>();
        for (int t = 0; t < platformThreads; t++) {
            spawners.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perSpawner; i++) {
                    // A goroutine that spawns a child: the tree is platform -> goroutine -> goroutine.
                    scheduler.go(() -> {
                        ran.incrementAndGet();
                        Goroutine child = scheduler.go(ran::incrementAndGet);
                        child.join();
                    });
                }
            }));
        }
        for (Thread t : spawners) {
            t.join();
        }
        assertTrue(scheduler.awaitQuiescence(Duration.ofSeconds(30)));
        assertEquals(2L * platformThreads * perSpawner, ran.get());
        SchedulerStats stats = scheduler.stats();
        assertTrue(stats.injections() >= platformThreads * perSpawner, "platform spawns are injected: " + stats);
        assertTrue(stats.runnextHandoffs() >= platformThreads * perSpawner, "goroutine spawns go to runnext: " + stats);
    }

    /**
     * Waves of platform threads, more at once than there are submission queues (so some share
     * the global queue) and each spawning faster than the workers run (so rings fill and spill),
     * the threads of one wave ending before the next starts (so ended owners' queues are taken
     * over): every goroutine runs exactly once.
     */
    @Test
    void platformSpawnersInWavesLoseAndDuplicateNothing() throws Exception {
        int waves = 3;
        int perWave = 12;
        int perSpawner = 5_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(waves * perWave * perSpawner);
        for (int w = 0; w < waves; w++) {
            List<Thread> spawners = new ArrayList<>();
            for (int t = 0; t < perWave; t++) {
                int base = (w * perWave + t) * perSpawner;
                spawners.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perSpawner; i++) {
                        int id = base + i;
                        scheduler.go(() -> runs.incrementAndGet(id));
                    }
                }));
            }
            for (Thread t : spawners) {
                t.join();
            }
        }
        assertTrue(scheduler.awaitQuiescence(Duration.ofSeconds(60)));
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "goroutine " + i + " ran once");
        }
        assertEquals(runs.length(), scheduler.stats().spawned());
    }
}
