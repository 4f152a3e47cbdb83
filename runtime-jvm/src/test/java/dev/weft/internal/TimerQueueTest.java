package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Timers fire on the timer thread and on scheduler workers; whichever does, each fires exactly
 * once: a worker's non-waiting attempt that gives up hands the entry to the timer thread, and
 * an entry's waiting form runs only on the timer thread.
 */
class TimerQueueTest {

    /**
     * A StackOverflowError inside a timer's creation or cancellation must not leave the timer
     * heap's lock held: every sleep, timeout and deadline in the JVM would wait for ever.
     */
    @Test
    void aStackOverflowInsideATimerCreateOrStopLeavesTheTimerHeapUnlocked() throws Exception {
        long hour = TimeUnit.HOURS.toNanos(1);
        StackOverflowDives.diveRepeatedly("timer create/stop", () -> TimerQueue.schedule(() -> { }, hour).cancel(),
                TimerQueue::isLocked);
        StackOverflowDives.diveRepeatedly("Timer create/stop", () -> Time.newTimer(Duration.ofHours(1)).stop(),
                TimerQueue::isLocked);
        CountDownLatch fired = new CountDownLatch(1);
        TimerQueue.schedule(fired::countDown, 0);
        assertTrue(fired.await(30, TimeUnit.SECONDS), "timers still fire");
    }

    @Test
    void everyTimerFiresExactlyOnceWhoeverFiresIt() throws Exception {
        int n = 50_000;
        AtomicIntegerArray fired = new AtomicIntegerArray(n);
        AtomicLong twice = new AtomicLong();
        AtomicLong waitingFormOffTimerThread = new AtomicLong();
        AtomicLong onWorkers = new AtomicLong();
        CountDownLatch all = new CountDownLatch(n);
        try (Scheduler s = Scheduler.builder().name("timers").build()) {
            // Goroutines that switch often, so busy workers look for due timers between tasks.
            CountDownLatch stop = new CountDownLatch(1);
            List<Goroutine> busy = new ArrayList<>();
            for (int g = 0; g < 4; g++) {
                busy.add(s.go(() -> {
                    while (stop.getCount() > 0) {
                        Thread.yield();
                    }
                }));
            }
            for (int i = 0; i < n; i++) {
                int k = i;
                Runnable waitingForm = () -> {
                    if (!Thread.currentThread().getName().equals("weft-timer")) {
                        waitingFormOffTimerThread.incrementAndGet();
                    }
                    if (!fired.compareAndSet(k, 0, 1)) {
                        twice.incrementAndGet();
                    }
                    all.countDown();
                };
                long delay = TimeUnit.MICROSECONDS.toNanos(i % 2_000);
                if (i % 5 == 0) {
                    TimerQueue.schedule(waitingForm, delay);
                } else {
                    TimerQueue.scheduleNonWaiting(waitingForm, () -> {
                        if (k % 3 == 0) {
                            return false;             // "the lock was taken": the timer thread runs it
                        }
                        if (!fired.compareAndSet(k, 0, 2)) {
                            twice.incrementAndGet();
                        }
                        onWorkers.incrementAndGet();
                        all.countDown();
                        return true;
                    }, delay);
                }
            }
            assertTrue(all.await(60, TimeUnit.SECONDS), "every timer fired: " + all.getCount() + " left");
            stop.countDown();
            for (Goroutine g : busy) {
                assertTrue(g.join(Duration.ofSeconds(30)));
            }
        }
        assertEquals(0, twice.get(), "no timer fired twice");
        assertEquals(0, waitingFormOffTimerThread.get(), "waiting forms run only on the timer thread");
        for (int i = 0; i < n; i++) {
            assertTrue(fired.get(i) != 0, "timer " + i + " fired");
            if (i % 5 == 0 || (i % 5 != 0 && i % 3 == 0)) {
                assertEquals(1, fired.get(i), "timer " + i + " ran its waiting form");
            }
        }
        assertTrue(onWorkers.get() > 0, "workers fired some timers (Go's checkTimers)");
    }
}
