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
import java.util.concurrent.locks.LockSupport;
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

    /**
     * An unpark meant for the caller's own wait, pending when it takes the lock, must still be
     * there when it has the lock: the back-off park consumed it, so the lock gives it back. (The
     * timer heap registers a waiter's wake-up under this lock and then parks: a consumed permit
     * made a goroutine sleep until its timeout although its value had arrived.)
     */
    @Test
    void aPermitConsumedByTheBackOffIsGivenBack() throws Exception {
        SpinLock lock = new SpinLock();
        lock.lock();
        AtomicBoolean locked = new AtomicBoolean();
        Thread waiter = Thread.ofPlatform().daemon().start(() -> {
            LockSupport.unpark(Thread.currentThread());   // a wake-up that is already on its way
            lock.lock();
            locked.set(true);
            lock.unlock();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(60));   // returns at once with the permit
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (waiter.getState() != Thread.State.TIMED_WAITING) {    // backing off in a park
            assertTrue(System.nanoTime() - deadline < 0, "the waiter reached its back-off: " + waiter.getState());
            Thread.onSpinWait();
        }
        lock.unlock();
        waiter.join(Duration.ofSeconds(10));
        assertTrue(locked.get(), "the waiter took the lock");
        assertFalse(waiter.isAlive(), "the waiter's permit survived the lock: its park returned at once");
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
