package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A goroutine that blocks inside a class initializer pins its carrier (the JDK cannot unmount
 * a virtual thread there). With one worker, nothing else could run; the monitor must see the
 * blocked carrier and add a compensating worker.
 */
class PinnedCarrierTest {
    static final CountDownLatch ENTERED_INIT = new CountDownLatch(1);
    static final CountDownLatch RELEASE_INIT = new CountDownLatch(1);

    static final class BlocksInInit {
        static {
            ENTERED_INIT.countDown();
            try {
                RELEASE_INIT.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        static void touch() {}
    }

    @Test
    void aPinnedCarrierIsCompensated() throws Exception {
        try (Scheduler s = Scheduler.builder().name("pinned").workers(1).build()) {
            Goroutine pinner = s.go("pinner", () -> BlocksInInit.touch());
            ENTERED_INIT.await();
            Goroutine releaser = s.go("releaser", RELEASE_INIT::countDown);
            assertTrue(releaser.join(Duration.ofSeconds(30)), "a compensating worker ran the releaser: " + s.stats());
            assertTrue(pinner.join(Duration.ofSeconds(30)));
            assertTrue(s.stats().compensations() >= 1, s.stats().toString());
        }
    }
}
