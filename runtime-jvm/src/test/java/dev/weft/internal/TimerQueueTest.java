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
                TimerQueueTest::leftLocked);
        StackOverflowDives.diveRepeatedly("Timer create/stop", () -> Time.newTimer(Duration.ofHours(1)).stop(),
                TimerQueueTest::leftLocked);
        assertTimersFire();
    }

    /**
     * A StackOverflowError inside a timer's creation, between its claim of the timer thread's
     * wake-up and the unpark, must not lose that wake-up: the timer thread would sleep on, and
     * every later timer would take it for awake. In JVMs of their own, whose compiled code is
     * the dives' alone: see {@link #diveCreatingTimersThatWakeTheTimerThread}.
     */
    @Test
    void aStackOverflowInsideATimerCreateLosesNoWakeUpOfTheTimerThread() throws Exception {
        for (int jvm = 0; jvm < 4; jvm++) {  // the code before the fix lost a wake-up in about half of them
            StackOverflowDives.passInAJvmOfTheirOwn(List.of("-D" + StackOverflowDives.DIVES_PROPERTY + "=300"),
                    TimerQueueTest.class, "diveCreatingTimersThatWakeTheTimerThread");
        }
    }

    /**
     * Each creation here starts with the timer thread parked and is due before every entry so
     * far, so each one wakes it. The creation is compiled first, wake-up included: with the
     * heap's work inlined into it, the unpark is its deepest call, and the overflow can strike
     * there (run after other tests, whose use of timers compiled it otherwise, it did not).
     */
    void diveCreatingTimersThatWakeTheTimerThread() throws Exception {
        long hour = TimeUnit.HOURS.toNanos(1);
        AtomicLong k = new AtomicLong();
        for (int i = 0; i < 50_000; i++) {
            awaitParked();
            TimerQueue.schedule(() -> { }, hour - k.incrementAndGet() * 1_000).cancel();
        }
        StackOverflowDives.diveRepeatedly("timer create/stop with the timer thread parked", TimerQueueTest::awaitParked,
                () -> TimerQueue.schedule(() -> { }, hour - k.incrementAndGet() * 1_000).cancel(),
                TimerQueueTest::leftLocked);
        assertTimersFire();
    }

    /**
     * A StackOverflowError anywhere inside a timer's creation or cancellation leaves the heap
     * whole: every entry in it where the heap's order puts it, and knowing its place.
     */
    @Test
    void aStackOverflowInsideTimerCreatesAndStopsLeavesTheHeapWhole() throws Exception {
        long hour = TimeUnit.HOURS.toNanos(1);
        List<TimerQueue.Entry> kept = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            kept.add(TimerQueue.schedule(() -> { }, hour + i * 1_000_000L));
        }
        AtomicLong k = new AtomicLong();
        try {
            StackOverflowDives.diveRepeatedly("timer creates and stops among others", () -> {
                long n = k.incrementAndGet();
                TimerQueue.Entry early = TimerQueue.schedule(() -> { }, hour - n);
                TimerQueue.Entry late = TimerQueue.schedule(() -> { }, hour + (n % 40) * 500_000L);
                early.cancel();
                late.cancel();
            }, TimerQueueTest::leftLocked);
            assertEquals("", TimerQueue.heapFaults(), "the heap after the dives");
        } finally {
            kept.forEach(TimerQueue.Entry::cancel);
        }
        assertTimersFire();
    }

    /**
     * The dives above again in a JVM that only interprets, where every call inside a creation
     * or cancellation needs stack of its own.
     */
    @Test
    void theTimerDivesPassInAJvmThatOnlyInterprets() throws Exception {
        StackOverflowDives.passInAJvmThatOnlyInterprets(TimerQueueTest.class,
                "aStackOverflowInsideATimerCreateOrStopLeavesTheTimerHeapUnlocked",
                "diveCreatingTimersThatWakeTheTimerThread",
                "aStackOverflowInsideTimerCreatesAndStopsLeavesTheHeapWhole");
    }

    private static Thread timerThread() {
        TimerQueue.pending();                // the class, and with it its thread, exists
        return Thread.getAllStackTraces().keySet().stream()
                .filter(TimerQueue::isFirer)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no timer thread"));
    }

    /**
     * Whether the heap's lock stays held for 5 s: a dive's own thread left it held. The timer
     * thread takes it too, for a moment at a time, so a lock merely held now proves nothing.
     */
    private static boolean leftLocked() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (TimerQueue.isLocked()) {
            if (System.nanoTime() - deadline > 0) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /**
     * Waits until the timer thread has parked and no insertion has claimed its wake-up since;
     * fails after 10 s: a wake-up claimed and never delivered leaves it parked for ever.
     */
    private static void awaitParked() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!TimerQueue.isFirerParked()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the timer thread was not parked again within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    /** A timer due now fires within 30 s. */
    private static void assertTimersFire() throws InterruptedException {
        CountDownLatch fired = new CountDownLatch(1);
        TimerQueue.schedule(fired::countDown, 0);
        assertTrue(fired.await(30, TimeUnit.SECONDS), () -> "timers still fire: " + state(timerThread()));
    }

    /** The timer thread's state and stack, and whether the heap's lock is held. */
    private static String state(Thread firer) {
        StringBuilder b = new StringBuilder(firer.getName()).append(' ').append(firer.getState())
                .append(TimerQueue.isLocked() ? ", the heap locked" : ", the heap free");
        for (StackTraceElement e : firer.getStackTrace()) {
            b.append("\n\tat ").append(e);
        }
        return b.toString();
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
