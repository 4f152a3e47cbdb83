package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.context.Context;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

class SyncTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    private Scheduler s;

    @BeforeEach
    void start() {
        s = Scheduler.builder().name("sync").uncaughtExceptionHandler(failures).build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private long counter;        // guarded by the mutex under test

    @Test
    void waitGroupGoCountsTheGoroutineHoweverItEnds() throws Exception {
        WaitGroup wg = new WaitGroup();
        AtomicInteger ran = new AtomicInteger();
        Scheduler quiet = Scheduler.builder().name("wg-go").uncaughtExceptionHandler((g, e) -> { }).build();
        try {
            quiet.go(() -> {
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    wg.go(() -> {
                        ran.incrementAndGet();
                        if (n % 10 == 0) {
                            throw new java.io.IOException("a body may throw");
                        }
                    });
                }
            }).join();
            assertTrue(wg.await(Duration.ofSeconds(30)), "every goroutine marked done, thrown or not");
            assertEquals(100, ran.get());
        } finally {
            quiet.close();
        }
        Scheduler shut = Scheduler.builder().name("wg-shut").build();
        CountDownLatch down = new CountDownLatch(1);
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Goroutine g = shut.go(() -> {
            down.await();
            try {
                wg.go(() -> { });            // on this goroutine's scheduler, which is shut down
            } catch (IllegalStateException e) {
                refused.set(e);
            }
        });
        shut.shutdown();
        down.countDown();
        g.join();
        shut.close();
        assertTrue(refused.get() instanceof IllegalStateException, String.valueOf(refused.get()));
        assertEquals(0, wg.count(), "a goroutine that could not start is not counted");
    }

    @Test
    void mutexExcludesUnderContentionAndKeepsTheCount() throws Exception {
        Mutex mu = new Mutex();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int goroutines = 8;
        int perGoroutine = 100_000;
        List<Goroutine> gs = new ArrayList<>();
        for (int g = 0; g < goroutines; g++) {
            gs.add(s.go(() -> {
                for (int i = 0; i < perGoroutine; i++) {
                    mu.lock();
                    try {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        counter++;
                        inside.decrementAndGet();
                    } finally {
                        mu.unlock();
                    }
                }
            }));
        }
        for (Goroutine g : gs) {
            g.join();
        }
        assertEquals(0, overlaps.get(), "never two holders at once");
        assertEquals((long) goroutines * perGoroutine, counter, "no lost update");
        assertFalse(mu.isLocked());
    }

    @Test
    void mutexMisuseIsAClearError() throws Exception {
        Mutex mu = new Mutex();
        assertEquals("unlock of unlocked mutex", assertThrows(IllegalStateException.class, mu::unlock).getMessage());
        assertTrue(mu.tryLock());
        assertFalse(mu.tryLock(), "not reentrant");
        assertFalse(mu.tryLock(Duration.ofMillis(5)));
        // Any goroutine may unlock it, as in Go.
        s.go(mu::unlock).join();
        assertFalse(mu.isLocked());
    }

    @Test
    void aStarvedWaiterGetsTheMutexAheadOfABargingHog() throws Exception {
        Mutex mu = new Mutex();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch hogHolds = new CountDownLatch(1);
        // The hog re-locks immediately after each unlock: in normal mode it would usually win.
        Goroutine hog = s.go(() -> {
            while (!stop.get()) {
                mu.lock();
                hogHolds.countDown();
                long until = System.nanoTime() + 2_000_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                mu.unlock();
            }
        });
        hogHolds.await();
        int starvedBefore = mu.starvedWaits();
        long[] waited = new long[1];
        Goroutine waiter = s.go(() -> {
            long t0 = System.nanoTime();
            mu.lock();
            waited[0] = System.nanoTime() - t0;
            mu.unlock();
        });
        assertTrue(waiter.join(Duration.ofSeconds(10)), "the waiter got the mutex");
        stop.set(true);
        hog.join();
        long waitedMs = waited[0] / 1_000_000;
        assertTrue(waitedMs < 1_000, "waited " + waitedMs + " ms");
        // In normal mode the waiter may still win the moment between the hog's unlock and its
        // next lock (it spins before it parks): then it has not waited long. If it waited past
        // the starvation threshold, starvation mode is what got it the mutex.
        assertTrue(mu.starvedWaits() != starvedBefore || waited[0] < TimeUnit.MILLISECONDS.toNanos(5 * Mutex.STARVATION_MILLIS),
                "waited " + waited[0] / 1_000 + " µs without the mutex switching to starvation mode");
    }

    @Test
    void waitGroupWaitsForAHundredThousandGoroutines() throws Exception {
        WaitGroup wg = new WaitGroup();
        AtomicInteger ran = new AtomicInteger();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            wg.add(1);
            s.go(() -> {
                ran.incrementAndGet();
                wg.done();
            });
        }
        wg.await();
        assertEquals(n, ran.get());
        assertEquals(0, wg.count());
        // Reusable, and waiters from goroutines park.
        wg.add(2);
        Goroutine waiter = s.go(() -> {
            wg.await();
        });
        assertFalse(wg.await(Duration.ofMillis(10)));
        wg.done();
        wg.done();
        assertTrue(waiter.join(Duration.ofSeconds(10)));
    }

    @Test
    void aNegativeWaitGroupCounterThrowsAndLeavesItUnchanged() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wg.add(-2));
        assertTrue(e.getMessage().startsWith("negative WaitGroup counter"), e.getMessage());
        assertEquals(1, wg.count());
        wg.done();
        assertThrows(IllegalStateException.class, wg::done);
    }

    @Test
    void onceRunsOnceAndEveryCallerSeesItFinished() throws Exception {
        Once once = new Once();
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger sawUnfinished = new AtomicInteger();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            gs.add(s.go(() -> {
                once.run(() -> {
                    runs.incrementAndGet();
                    Goroutine.yield();            // let the others arrive while it runs
                    finished.set(true);
                });
                if (!finished.get()) {
                    sawUnfinished.incrementAndGet();
                }
            }));
        }
        for (Goroutine g : gs) {
            g.join();
        }
        assertEquals(1, runs.get());
        assertEquals(0, sawUnfinished.get());
        assertTrue(once.isDone());
    }

    @Test
    void aFailingOnceIsDoneAndOnceValueRethrows() {
        Once once = new Once();
        assertThrows(IllegalStateException.class, () -> once.run(() -> {
            throw new IllegalStateException("init failed");
        }));
        AtomicInteger second = new AtomicInteger();
        once.run(second::incrementAndGet);
        assertEquals(0, second.get(), "done, even though it failed");

        AtomicInteger computations = new AtomicInteger();
        OnceValue<String> ok = new OnceValue<>(() -> "v" + computations.incrementAndGet());
        assertEquals("v1", ok.get());
        assertEquals("v1", ok.get());
        OnceValue<String> bad = new OnceValue<>(() -> {
            throw new IllegalArgumentException("no config");
        });
        IllegalArgumentException first = assertThrows(IllegalArgumentException.class, bad::get);
        assertSame(first, assertThrows(IllegalArgumentException.class, bad::get), "the same failure, every time");
    }

    @Test
    void semaphoreNeverOverAdmits() throws Exception {
        int size = 5;
        Semaphore sem = new Semaphore(size);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger maxInUse = new AtomicInteger();
        List<Goroutine> gs = new ArrayList<>();
        for (int g = 0; g < 50; g++) {
            gs.add(s.go(() -> {
                for (int i = 0; i < 2_000; i++) {
                    int n = ThreadLocalRandom.current().nextInt(1, 4);
                    sem.acquire(n);
                    int now = inUse.addAndGet(n);
                    maxInUse.accumulateAndGet(now, Math::max);
                    Goroutine.yield();
                    inUse.addAndGet(-n);
                    sem.release(n);
                }
            }));
        }
        for (Goroutine g : gs) {
            g.join();
        }
        assertTrue(maxInUse.get() <= size, "max in use " + maxInUse.get());
        assertTrue(maxInUse.get() > 1, "it was contended");
        assertEquals(size, sem.available());
    }

    @Test
    void semaphoreMisuseIsAClearError() throws Exception {
        Semaphore sem = new Semaphore(3);
        assertEquals("semaphore size must not be negative, but is -1",
                assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> sem.acquire(4));
        assertTrue(sem.tryAcquire(2));
        assertFalse(sem.tryAcquire(2));
        assertFalse(sem.tryAcquire(2, Duration.ofMillis(5)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sem.release(3));
        assertEquals("semaphore released more than held: 3 released with 2 held", e.getMessage());
        sem.release(2);
        assertEquals(3, sem.available());
        e = assertThrows(IllegalStateException.class, () -> sem.release(Integer.MAX_VALUE));
        assertEquals("semaphore released more than held: 2147483647 released with 0 held", e.getMessage());
        assertEquals(3, sem.available(), "an overflowing release changed nothing");
        assertTrue(sem.tryAcquire(3), "and the semaphore still works");
    }

    @Test
    void aCondUsedWithItsMutexUnlockedIsAClearErrorAndWaitsForNothing() {
        Cond cond = new Mutex().newCond();
        List<Map.Entry<String, Executable>> uses = List.of(
                Map.entry("await", cond::await),
                Map.entry("await", () -> cond.await(Duration.ofSeconds(-1))),
                Map.entry("await", () -> cond.await(Context.background())),
                Map.entry("signal", cond::signal),
                Map.entry("broadcast", cond::broadcast));
        for (Map.Entry<String, Executable> use : uses) {
            assertEquals(use.getKey() + " of " + cond + " whose Mutex is not locked",
                    assertThrows(IllegalMonitorStateException.class, use.getValue()).getMessage());
        }
        assertFalse(cond.mutex().isLocked(), "no use locked the mutex");
    }

    @Test
    void condSignalsAndBroadcasts() throws Exception {
        Mutex mu = new Mutex();
        Cond cond = mu.newCond();
        assertSame(mu, cond.mutex());
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        AtomicReference<Long> sum = new AtomicReference<>(0L);
        int consumers = 4;
        int items = 1_000;
        List<Goroutine> gs = new ArrayList<>();
        boolean[] closed = new boolean[1];
        for (int c = 0; c < consumers; c++) {
            gs.add(s.go(() -> {
                while (true) {
                    int v;
                    mu.lock();
                    try {
                        while (queue.isEmpty() && !closed[0]) {
                            cond.await();
                        }
                        if (queue.isEmpty()) {
                            return;
                        }
                        v = queue.poll();
                    } finally {
                        mu.unlock();
                    }
                    sum.accumulateAndGet((long) v, Long::sum);
                }
            }));
        }
        for (int i = 1; i <= items; i++) {
            mu.lock();
            try {
                queue.add(i);
                cond.signal();
            } finally {
                mu.unlock();
            }
        }
        mu.lock();
        try {
            closed[0] = true;
            cond.broadcast();
        } finally {
            mu.unlock();
        }
        for (Goroutine g : gs) {
            assertTrue(g.join(Duration.ofSeconds(10)));
        }
        assertEquals((long) items * (items + 1) / 2, sum.get());
    }
}
