package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class FairnessTest {
    private static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Blackhole for the CPU-bound loops, so the JIT cannot remove them. */
    static volatile long sink;

    @Test
    void sleeperKeepsRunningWhileEveryWorkerIsBusy() throws Exception {
        int workers = 2;
        try (Scheduler s = Scheduler.builder().name("fair").workers(workers).build()) {
            CountDownLatch hogsRunning = new CountDownLatch(workers);
            long[] worstLateness = new long[1];
            int[] rounds = new int[1];
            AtomicBoolean sleeperDone = new AtomicBoolean();
            List<Goroutine> hogs = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                hogs.add(s.go("hog-" + i, () -> {
                    hogsRunning.countDown();
                    long x = 0;
                    // CPU-bound until the sleeper is done: never parks, never yields.
                    while (!sleeperDone.get()) {
                        x += x * 31 + 7;
                    }
                    sink = x;
                }));
            }
            hogsRunning.await();
            Goroutine sleeper = s.go("sleeper", () -> {
                for (int i = 0; i < 50; i++) {
                    long deadline = System.nanoTime() + SLEEP_NANOS;
                    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(left);
                    }
                    worstLateness[0] = Math.max(worstLateness[0], System.nanoTime() - deadline);
                    rounds[0]++;
                }
                sleeperDone.set(true);
            });
            sleeper.join();
            for (Goroutine h : hogs) {
                h.join();
            }
            System.out.printf("fairness: worst lateness %.2f ms over %d sleeps of 10 ms, %s%n",
                    worstLateness[0] / 1e6, rounds[0], s.stats());
            assertTrue(rounds[0] == 50, "the sleeper completed every round");
            assertTrue(worstLateness[0] < BOUND_NANOS,
                    "worst lateness " + worstLateness[0] / 1_000_000.0 + " ms exceeds 100 ms");
            assertTrue(s.stats().compensations() >= 1, "the monitor compensated: " + s.stats());
        }
    }

    /**
     * A goroutine readied into {@code runnext} displaces the one there to the ring; with only that
     * one queued, no thief is recruited at once (see WorkStealingExecutor), so this checks that it
     * still runs, on the other worker, while the goroutine that spawned both hogs its worker.
     */
    @Test
    void aGoroutineDisplacedFromRunnextRunsWhileItsWorkerIsHogged() throws Exception {
        try (Scheduler s = Scheduler.builder().name("displaced").workers(2).build()) {
            AtomicBoolean displacedRan = new AtomicBoolean();
            long[] waited = new long[1];
            Goroutine hog = s.go("hog", () -> {
                s.go("displaced", () -> displacedRan.set(true));
                s.go("next", () -> { });        // takes runnext; "displaced" goes to the ring
                long start = System.nanoTime();
                long x = 0;
                // CPU-bound until the displaced goroutine has run, or 10 s (the test then fails).
                while (!displacedRan.get() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                    x += x * 31 + 7;
                }
                sink = x;
                waited[0] = System.nanoTime() - start;
            });
            hog.join();
            assertTrue(displacedRan.get(), "the displaced goroutine did not run while its worker was hogged for "
                    + waited[0] / 1_000_000 + " ms\n" + s.dump());
            assertTrue(waited[0] < BOUND_NANOS, "the displaced goroutine waited "
                    + waited[0] / 1_000_000.0 + " ms\n" + s.dump());
        }
    }
}
