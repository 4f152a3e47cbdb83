package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A lock whose holder is descheduled (here: a platform thread that simply keeps it) must not
 * cost its waiters their carriers: a waiting goroutine backs off by parking, so other
 * goroutines keep running on the same worker. With one worker and no compensation, a waiter
 * that spun on its carrier would stop the whole scheduler.
 */
class SpinLockTest {
    @Test
    void aWaiterForALongHeldLockFreesItsCarrier() throws Exception {
        SpinLock lock = new SpinLock();
        lock.lock();                                     // held by this platform thread
        try (Scheduler s = Scheduler.builder().name("spinlock").workers(1).maxCompensation(0).build()) {
            CountDownLatch waiterRunning = new CountDownLatch(1);
            AtomicBoolean acquired = new AtomicBoolean();
            Goroutine waiter = s.go("waiter", () -> {
                waiterRunning.countDown();
                lock.lock();
                acquired.set(true);
                lock.unlock();
            });
            waiterRunning.await();                       // the only carrier is now the waiter's
            CountDownLatch otherRan = new CountDownLatch(1);
            s.go("other", otherRan::countDown);
            assertTrue(otherRan.await(30, TimeUnit.SECONDS),
                    "another goroutine ran on the waiter's worker while the lock stayed held");
            assertFalse(acquired.get(), "the lock is still held");
            lock.unlock();
            assertTrue(waiter.join(Duration.ofSeconds(30)));
            assertTrue(acquired.get(), "the waiter took the lock once it was released");
        }
    }

    @Test
    void mutualExclusionUnderContention() throws Exception {
        SpinLock lock = new SpinLock();
        long[] counter = {0};
        int goroutines = 8;
        int rounds = 100_000;
        try (Scheduler s = Scheduler.builder().name("spinlock-count").build()) {
            Goroutine[] gs = new Goroutine[goroutines];
            for (int i = 0; i < goroutines; i++) {
                gs[i] = s.go(() -> {
                    for (int r = 0; r < rounds; r++) {
                        lock.lock();
                        counter[0]++;
                        lock.unlock();
                    }
                });
            }
            Thread platform = Thread.ofPlatform().start(() -> {
                for (int r = 0; r < rounds; r++) {
                    lock.lock();
                    counter[0]++;
                    lock.unlock();
                }
            });
            for (Goroutine g : gs) {
                assertTrue(g.join(Duration.ofSeconds(60)));
            }
            platform.join();
        }
        lock.lock();
        try {
            assertEquals((goroutines + 1L) * rounds, counter[0]);
        } finally {
            lock.unlock();
        }
    }
}
