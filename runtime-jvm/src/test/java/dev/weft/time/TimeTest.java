package dev.weft.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.internal.TimerQueue;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TimeTest {

    @Test
    void afterDeliversTheTimeOnce() {
        long t0 = System.nanoTime();
        Instant fired = Time.after(Duration.ofMillis(30)).recv();
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMs >= 29, "fired after " + tookMs + " ms");
        assertTrue(fired.isBefore(Instant.now().plusMillis(1)));
    }

    @Test
    void aStoppedTimerNeverDeliversAndResetReschedules() {
        Timer t = Time.newTimer(Duration.ofMillis(20));
        assertTrue(t.stop(), "stopped before firing");
        assertFalse(t.stop(), "already stopped");
        assertTrue(t.c().recv(Duration.ofMillis(60)).isNotReady(), "no value after stop");
        assertFalse(t.reset(Duration.ofMillis(10)));
        assertTrue(t.c().recv(Duration.ofSeconds(5)).ok(), "fires after reset");
        assertThrows(IllegalStateException.class, () -> Time.afterFunc(Duration.ofHours(1), () -> {}).c());
    }

    @Test
    void afterFuncRunsInAGoroutine() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        boolean[] inGoroutine = new boolean[1];
        Time.afterFunc(Duration.ofMillis(10), () -> {
            inGoroutine[0] = Goroutine.current() != null;
            ran.countDown();
        });
        ran.await();
        assertTrue(inGoroutine[0]);
    }

    @Test
    void afterFuncCalledFromAGoroutineRunsOnThatGoroutinesScheduler() throws Exception {
        AtomicReference<Scheduler> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        try (Scheduler s = Scheduler.builder().name("afterfunc-home").workers(1).build()) {
            s.go(() -> Time.afterFunc(Duration.ofMillis(5), () -> {
                ranOn.set(Goroutine.current().scheduler());
                ran.countDown();
            })).join();
            assertTrue(ran.await(30, TimeUnit.SECONDS), "the function ran");
            assertSame(s, ranOn.get(), "it ran on the caller's scheduler, not " + ranOn.get());
        }
    }

    @Test
    void aTickerDropsTicksForASlowReceiverAndStopsWithoutClosing() {
        Ticker ticker = Time.newTicker(Duration.ofMillis(5));
        long t0 = System.nanoTime();
        int received = 0;
        for (int i = 0; i < 5; i++) {
            ticker.c().recv();
            received++;
            Time.sleep(Duration.ofMillis(20));        // a slow receiver: four periods per tick
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        ticker.stop();
        assertEquals(5, received);
        assertTrue(elapsedMs >= 80, "the receiver set the pace, ticks did not queue up: " + elapsedMs);
        assertFalse(ticker.c().isClosed());
        assertTrue(ticker.c().recv(Duration.ofMillis(30)).isNotReady(), "no ticks after stop");
        assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ZERO));
    }

    @Test
    void aMillionPendingTimersMostlyStoppedLeaveNothingBehind() {
        int base = TimerQueue.pending();
        List<Timer> timers = new ArrayList<>(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            timers.add(Time.newTimer(Duration.ofHours(1)));
        }
        assertTrue(TimerQueue.pending() >= base + 1_000_000);
        for (int i = 0; i < timers.size(); i++) {
            if (i % 1000 != 0) {
                timers.get(i).stop();
            }
        }
        assertTrue(TimerQueue.pending() <= base + 1_000, "stopped timers left the queue: " + TimerQueue.pending());
        for (Timer t : timers) {
            t.stop();
        }
        assertTrue(TimerQueue.pending() <= base);
    }

    @Test
    void sleepParksAGoroutine() throws Exception {
        try (Scheduler s = Scheduler.builder().workers(1).build()) {
            CountDownLatch otherRan = new CountDownLatch(1);
            long[] slept = new long[1];
            var sleeper = s.go(() -> {
                long t0 = System.nanoTime();
                Time.sleep(Duration.ofMillis(30));
                slept[0] = System.nanoTime() - t0;
            });
            s.go(otherRan::countDown);               // runs on the one worker while the sleeper sleeps
            otherRan.await();
            sleeper.join();
            assertTrue(slept[0] >= Duration.ofMillis(30).toNanos());
        }
    }

    @Test
    void sleepIgnoresInterruptsButEndsWithItsContext() throws Exception {
        try (Scheduler s = Scheduler.builder().name("sleep-ctx").build();
             CancelContext ctx = Context.background().withCancel()) {
            AtomicReference<String> outcome = new AtomicReference<>();
            CountDownLatch sleeping = new CountDownLatch(1);
            long start = System.nanoTime();
            Goroutine g = s.go(() -> ctx.run(() -> {
                sleeping.countDown();
                Time.sleep(Duration.ofMillis(50));
                outcome.set("slept " + (System.nanoTime() - start >= Duration.ofMillis(50).toNanos())
                        + ", interrupted " + Thread.currentThread().isInterrupted());
            }));
            sleeping.await();
            g.interrupt();
            assertTrue(g.join(Duration.ofSeconds(30)));
            assertEquals("slept true, interrupted true", outcome.get(), "the interrupt neither ended the sleep nor was lost");

            Goroutine cut = s.go(() -> ctx.run(() -> {
                try {
                    Time.sleep(Duration.ofSeconds(30));
                    outcome.set("slept through");
                } catch (ContextException e) {
                    outcome.set("ended by its context");
                }
            }));
            while (cut.state() != Goroutine.State.WAITING) {
                Thread.onSpinWait();
            }
            ctx.cancel();
            assertTrue(cut.join(Duration.ofSeconds(30)));
            assertEquals("ended by its context", outcome.get());
        }
    }
}
