package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.sync.WaitGroup;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A goroutine that has finished is garbage: nothing of the scheduler (a run queue's slot, a
 * submission queue's, the list of live goroutines) keeps it, or what its body captured,
 * reachable, as {@code ThreadPoolExecutor} and {@code ForkJoinPool} keep no finished task.
 */
class FinishedGoroutinesTest {
    /** More than every run queue and submission queue of a 2-worker scheduler can hold. */
    private static final int GOROUTINES = 4 * (RunQueue.SUBMISSION_CAPACITY + 2 * RunQueue.CAPACITY);

    @Test
    void goroutinesStartedFromAPlatformThreadOrAGoroutineAreCollectedOnceFinished() throws Exception {
        try (Scheduler s = Scheduler.builder().name("collected").workers(2).build()) {
            List<WeakReference<Object>> captured = new ArrayList<>();
            WaitGroup wg = new WaitGroup();
            wg.add(2 * GOROUTINES);
            for (int i = 0; i < GOROUTINES; i++) {
                captured.add(spawnCapturing(s, wg));
            }
            List<WeakReference<Object>> fromGoroutine = new ArrayList<>();
            s.go(() -> {
                for (int i = 0; i < GOROUTINES; i++) {
                    fromGoroutine.add(spawnCapturing(s, wg));
                }
            });
            assertTrue(wg.await(Duration.ofSeconds(60)), s::dump);
            captured.addAll(fromGoroutine);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int reachable;
            while ((reachable = stillReachable(captured)) > 0 && System.nanoTime() - deadline < 0) {
                System.gc();
            }
            assertTrue(reachable == 0, reachable + " of " + captured.size()
                    + " finished goroutines' captures are still reachable\n" + s.dump());
        }
    }

    /** Starts a goroutine that captures an object of its own and ends; returns a weak reference to that object. */
    private static WeakReference<Object> spawnCapturing(Scheduler s, WaitGroup wg) {
        Object payload = new int[16];
        s.go(() -> {
            if (payload.hashCode() == 42) {      // uses the capture, so the body keeps it
                Thread.onSpinWait();
            }
            wg.done();
        });
        return new WeakReference<>(payload);
    }

    private static int stillReachable(List<WeakReference<Object>> refs) {
        int n = 0;
        for (WeakReference<Object> r : refs) {
            if (r.get() != null) {
                n++;
            }
        }
        return n;
    }
}
