package dev.weft.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.DumpOnTimeout;
import dev.weft.Waits;
import dev.weft.chan.Chan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
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
import java.util.concurrent.atomic.AtomicInteger;
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
        assertTrue(t.c().recv(Duration.ofSeconds(5)).isOk(), "fires after reset");
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
    void aFailedResetLeavesTheTimerOrTickerAsItWas() {
        Timer t = Time.newTimer(Duration.ofMillis(20));
        assertThrows(NullPointerException.class, () -> t.reset(null));
        assertTrue(t.c().recv(Duration.ofSeconds(30)).isOk(), "the timer still fires");
        Ticker ticker = Time.newTicker(Duration.ofMillis(5));
        try {
            assertThrows(IllegalArgumentException.class, () -> ticker.reset(Duration.ZERO));
            assertTrue(ticker.c().recv(Duration.ofSeconds(30)).isOk(), "the ticker still ticks");
        } finally {
            ticker.stop();
        }
    }

    /**
     * A periodic timer that falls behind skips the periods it missed, as Go's do: re-armed in
     * the past, a 1 ns ticker kept the JVM's timer thread firing it in a loop, and every other
     * timer waited.
     */
    @Test
    void aOneNanosecondTickerDelaysNoOtherTimer() {
        Ticker fast = Time.newTicker(Duration.ofNanos(1));
        try {
            for (int i = 0; i < 3; i++) {
                assertTrue(Time.after(Duration.ofMillis(5)).recv(Duration.ofSeconds(30)).isOk(),
                        "a timer fired beside a 1 ns ticker");
            }
            assertTrue(fast.c().recv(Duration.ofSeconds(30)).isOk(), "and the ticker ticks");
        } finally {
            fast.stop();
        }
    }

    /**
     * Go 1.23's promise: once {@code stop()} or {@code reset()} returns, no value of the earlier
     * schedule is received. Timers and tickers due about now are stopped while workers and the
     * timer thread fire them; none may deliver afterwards. The only way to see a late delivery
     * is to look after a while: each batch is checked once its firers have had 20 ms.
     */
    @Test
    void noValueArrivesAfterStopOrReset() throws Exception {
        int stale = 0;
        try (Scheduler s = Scheduler.builder().name("stale").workers(2).build()) {
            for (int round = 0; round < 25; round++) {
                List<Timer> timers = new ArrayList<>();
                List<Ticker> tickers = new ArrayList<>();
                Goroutine stopper = s.go(() -> {
                    for (int i = 0; i < 500; i++) {
                        Timer t = Time.newTimer(Duration.ofNanos(i * 100L));
                        Ticker k = Time.newTicker(Duration.ofNanos(1_000 + i * 100L));
                        for (int spin = 0; spin < i % 50; spin++) {
                            Thread.onSpinWait();
                        }
                        if ((i & 1) == 0) {
                            t.stop();
                        } else {
                            t.reset(Duration.ofHours(1));
                        }
                        k.stop();
                        timers.add(t);
                        tickers.add(k);
                    }
                });
                assertTrue(stopper.join(Duration.ofSeconds(30)), s.dump());
                Time.sleep(Duration.ofMillis(20));
                for (Timer t : timers) {
                    stale += t.c().tryRecv().isOk() ? 1 : 0;
                    t.stop();
                }
                for (Ticker k : tickers) {
                    stale += k.c().tryRecv().isOk() ? 1 : 0;
                }
            }
        }
        assertEquals(0, stale, "values delivered after stop or reset had returned");
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
        int backlog = 0;
        while (ticker.c().tryRecv().isOk()) {
            backlog++;
        }
        ticker.stop();
        assertEquals(5, received);
        assertTrue(elapsedMs >= 80, "the receiver set the pace: " + elapsedMs);
        // About 20 periods passed while 5 ticks were taken: the rest were dropped, not queued.
        assertTrue(backlog <= 1, "ticks dropped for the slow receiver, not queued: " + backlog + " waiting");
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

    /**
     * Whoever waits on a timer's channel — a goroutine, a select, a platform thread, an
     * asynchronous receive — may be the only one that refers to it: the timer still fires for
     * it, however many collections come first.
     */
    @Test
    void aTimerFiresForWhoeverWaitsOnItThroughCollections() throws Exception {
        try (Scheduler s = Scheduler.builder().name("timer-waiters").workers(2).build()) {
            List<Goroutine> goroutines = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                goroutines.add(s.go(() -> Time.after(Duration.ofMillis(300)).recv()));
                goroutines.add(s.go(() -> Select.select(SelectCase.recv(Chan.<Integer>make()),
                        SelectCase.recv(Time.after(Duration.ofMillis(300))))));
                goroutines.add(s.go(() -> Time.newTicker(Duration.ofMillis(300)).c().recv()));
            }
            Thread platform = Thread.ofPlatform().start(() -> Time.after(Duration.ofMillis(300)).recv());
            AtomicInteger callbacks = new AtomicInteger();
            for (int i = 0; i < 100; i++) {
                Time.after(Duration.ofMillis(300)).recvAsync().thenRun(callbacks::incrementAndGet);
            }
            for (int i = 0; i < 20; i++) {
                System.gc();
            }
            for (Goroutine g : goroutines) {
                assertTrue(g.join(Duration.ofSeconds(30)), g + " still waits\n" + DumpOnTimeout.dump());
            }
            platform.join(Duration.ofSeconds(30));
            assertFalse(platform.isAlive(), "the platform thread still waits\n" + DumpOnTimeout.dump());
            Waits.whileTrue("asynchronous receives not completed: " + callbacks.get(), () -> callbacks.get() < 100);
        }
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
    void sleepEndsWithItsContext() throws Exception {
        try (Scheduler s = Scheduler.builder().name("sleep-ctx").build();
             CancelContext ctx = Context.background().withCancel()) {
            AtomicReference<String> outcome = new AtomicReference<>();
            Goroutine cut = s.go(() -> ctx.run(() -> {
                try {
                    Time.sleep(Duration.ofSeconds(30));
                    outcome.set("slept through");
                } catch (ContextException e) {
                    outcome.set("ended by its context");
                }
            }));
            Waits.whileTrue("cut.state() != Goroutine.State.WAITING", () -> cut.state() != Goroutine.State.WAITING);
            ctx.cancel();
            assertTrue(cut.join(Duration.ofSeconds(30)));
            assertEquals("ended by its context", outcome.get());
        }
    }
}
