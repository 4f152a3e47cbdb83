package dev.weft.time;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.DumpOnTimeout;
import dev.weft.Waits;
import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.internal.TimerQueue;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Go 1.23's timers: one that nothing refers to any more is collected before its time, and one
 * that a goroutine or a thread waits on is not. In a JVM started with
 * {@code -Djdk.trackAllThreads=false} the heap holds every pending timer's channel instead.
 */
class CollectedTimersTest {
    private static final int TIMERS = 100_000;
    /** A JVM that does not keep every virtual thread reachable: there the heap holds channels. */
    private static final boolean PARKED_THREADS_COLLECTABLE = "false".equals(System.getProperty("jdk.trackAllThreads"));

    /**
     * The loop Go 1.23 stopped leaking: a select on a fresh {@code Time.after} per turn, the
     * timer never stopped. Once collected, the timers leave the heap when the next is made.
     */
    @Test
    void timersAndTickersNothingRefersToAreCollectedBeforeTheirTime() {
        int base = TimerQueue.pending();
        Chan<Integer> ready = Chan.make(1);
        WeakReference<RecvChan<Instant>> first = null;
        for (int i = 0; i < TIMERS; i++) {
            RecvChan<Instant> timeout = Time.after(Duration.ofHours(1));
            if (first == null) {
                first = new WeakReference<>(timeout);
            }
            ready.send(i);
            Select.select(SelectCase.recv(ready), SelectCase.recv(timeout));
        }
        WeakReference<Ticker> ticker = new WeakReference<>(Time.newTicker(Duration.ofHours(1)));
        if (PARKED_THREADS_COLLECTABLE) {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            assertNotNull(first.get(), "where parked threads may be collected, the heap holds the channel");
            return;
        }
        collectUntilCleared(first);
        collectUntilCleared(ticker);
        // the collector queues cleared references a moment after it clears them
        Waits.whileTrue("collected timers still pending", () -> {
            Time.newTimer(Duration.ofHours(1)).stop();        // making one takes the collected ones out
            return TimerQueue.pending() >= base + TIMERS / 10;
        });
    }

    /** A timer whose channel only a waiting goroutine or thread refers to still fires, collections or not. */
    @Test
    void aTimerThatSomeoneWaitsOnIsNotCollected() throws Exception {
        try (Scheduler s = Scheduler.builder().name("collected-timers").workers(2).build()) {
            List<Goroutine> goroutines = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                goroutines.add(s.go(() -> Time.after(Duration.ofMillis(300)).recv()));
                goroutines.add(s.go(() -> Select.select(SelectCase.recv(Chan.<Integer>make()),
                        SelectCase.recv(Time.after(Duration.ofMillis(300))))));
                goroutines.add(s.go(() -> Time.newTicker(Duration.ofMillis(300)).c().recv()));
            }
            Thread platform = Thread.ofPlatform().start(() -> Time.after(Duration.ofMillis(300)).recv());
            for (int i = 0; i < 20; i++) {
                System.gc();
            }
            for (Goroutine g : goroutines) {
                assertTrue(g.join(Duration.ofSeconds(30)), g + " still waits\n" + DumpOnTimeout.dump());
            }
            platform.join(Duration.ofSeconds(30));
            assertTrue(!platform.isAlive(), "the platform thread still waits\n" + DumpOnTimeout.dump());
        }
    }

    private static void collectUntilCleared(WeakReference<?> ref) {
        Waits.whileTrue("not collected yet", () -> {
            System.gc();
            return ref.get() != null;
        });
    }
}
