package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Waits;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Goroutines readied by the timer thread run ahead of work queued before them. */
class TimedLaneTest {
    private static final int BACKLOG = 200;

    @Test
    void aGoroutineWhoseSleepEndedRunsBeforeAnEarlierBacklog() throws Exception {
        // One worker and no compensation: a second worker would run the backlog meanwhile.
        try (Scheduler s = Scheduler.builder().name("timed").workers(1).maxCompensation(0).build()) {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch blockerRunning = new CountDownLatch(1);
            Goroutine sleeper = s.go("sleeper", () -> {
                Time.sleep(Duration.ofMillis(50));
                order.add("sleeper");
            });
            awaitState(sleeper, Thread.State.WAITING);  // parked in its sleep
            // Occupies the only worker until the timer thread has queued the sleeper in the
            // timed lane, so the backlog and the sleeper wait together. (Its state turns
            // RUNNABLE a moment before it is queued: waiting for that let the backlog start.)
            Goroutine blocker = s.go("blocker", () -> {
                blockerRunning.countDown();
                Waits.whileTrue("s.executor.timed.isEmpty()", () -> s.executor.timed.isEmpty());
            });
            blockerRunning.await();
            CountDownLatch backlogDone = new CountDownLatch(BACKLOG);
            for (int i = 0; i < BACKLOG; i++) {
                s.go(() -> {
                    order.add("backlog");
                    backlogDone.countDown();
                });
            }
            // The setup held: the whole backlog was queued while the sleeper still slept.
            assertEquals(Thread.State.WAITING, sleeper.thread.getState(), "the backlog was queued before the timer fired");
            blocker.join();
            sleeper.join();
            backlogDone.await();
            assertEquals(BACKLOG + 1, order.size());
            // The worker takes one injected task first on some ticks (Go's schedtick % 61 rule),
            // so the sleeper is first or second; without its lane it would be last.
            assertTrue(order.indexOf("sleeper") <= 1, "the sleeper ran at position " + order.indexOf("sleeper"));
        }
    }

    private static void awaitState(Goroutine g, Thread.State state) {
        Waits.whileTrue("g.thread.getState() != state", () -> g.thread.getState() != state);
    }
}
