package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.actor.GenServer;
import dev.weft.actor.Server;
import dev.weft.chan.Chan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.future.Promise;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.supervise.ChildSpec;
import dev.weft.supervise.Supervisor;
import dev.weft.sync.Barrier;
import dev.weft.sync.Mutex;
import dev.weft.sync.RWMutex;
import dev.weft.sync.Semaphore;
import dev.weft.sync.WaitGroup;
import dev.weft.time.Time;
import dev.weft.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Time values saturate: a timeout too long to count in nanoseconds means "as long as it takes"
 * and never throws; zero or negative means "already expired"; a deadline at the end of time
 * is accepted.
 */
class TimeValuesTest {
    private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE);
    private static final Duration NEGATIVE = Duration.ofNanos(-1);
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void aHugeTimeoutLetsWhatCanCompleteAtOnceComplete() throws Exception {
        Chan<Integer> ch = Chan.make(1);
        assertTrue(ch.send(1, HUGE));
        assertEquals(1, ch.recv(HUGE).value());
        ch.send(2);
        assertEquals(0, Select.select(HUGE, SelectCase.recv(ch)));
        ch.send(3);
        assertEquals(0, Context.background().get(() -> Select.select(HUGE, SelectCase.recv(ch))));
        assertTrue(new WaitGroup().await(HUGE));
        assertTrue(new Mutex().tryLock(HUGE));
        assertTrue(new RWMutex().tryLock(HUGE));
        assertTrue(new RWMutex().tryRLock(HUGE));
        Mutex mu = new Mutex();
        mu.lock();
        assertFalse(mu.newCond().await(Duration.ofSeconds(-1)), "a negative timeout has expired");
        assertTrue(mu.isLocked(), "and the mutex is locked again");
        mu.unlock();
        assertTrue(new Semaphore(1).tryAcquire(1, HUGE));
        assertEquals(0, new Barrier(1).await(HUGE));
        Promise<Integer> p = new Promise<>();
        p.resolve(5);
        assertEquals(5, p.await(HUGE));
        assertTrue(Time.after(HUGE).tryRecv().isNotReady());
        Time.newTicker(HUGE).stop();
        Timer t = Time.newTimer(Duration.ofHours(1));
        assertTrue(t.reset(HUGE));
        assertTrue(t.stop());
    }

    @Test
    void aHugeTimeoutOrDeadlineMakesAContextThatEndsOnlyWithItsParent() {
        try (CancelContext parent = Context.background().withCancel();
                CancelContext timeout = parent.withTimeout(HUGE);
                CancelContext years = parent.withTimeout(Duration.ofDays(300 * 365L));
                CancelContext end = parent.withDeadline(Instant.MAX)) {
            assertEquals(Instant.MAX, timeout.deadline().orElseThrow());
            for (Context c : new Context[] {timeout, years, end}) {
                assertTrue(c.err() == null, "not ended: " + c);
            }
            parent.cancel();
            for (Context c : new Context[] {timeout, years, end}) {
                assertTrue(c.err() != null, "ended with its parent: " + c);
            }
        }
    }

    @Test
    void aHugeSleepEndsWithItsContext() {
        try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(20))) {
            assertThrows(ContextException.class, () -> ctx.run(() -> Time.sleep(HUGE)));
        }
    }

    @Test
    void aSchedulerTakesHugeTimeSlicesAndWaits() throws Exception {
        Scheduler s = Scheduler.builder().name("huge").workers(1).timeSlice(HUGE).build();
        assertTrue(s.go(() -> { }).join(BOUND));
        assertTrue(s.awaitQuiescence(HUGE));
        s.shutdown();
        assertTrue(s.awaitTermination(HUGE));
    }

    @Test
    void aCallWithAHugeTimeoutGetsItsReply() throws Exception {
        Server<String, String, Void> echo = Server.start("echo", new GenServer<String, String, String, Void>() {
            @Override
            public String init() {
                return "";
            }

            @Override
            public Reply<String, String> handleCall(String request, String state) {
                return GenServer.reply(request, state);
            }
        });
        try {
            assertEquals("hi", echo.call("hi", HUGE));
        } finally {
            echo.stop(BOUND);
        }
    }

    @Test
    void aSupervisorWithAHugeIntensityPeriodRestartsItsChild() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch restarted = new CountDownLatch(1);
        Supervisor sup = Supervisor.builder("huge-period")
                .intensity(3, HUGE)
                .child(ChildSpec.worker("crasher", () -> {
                    if (starts.incrementAndGet() == 1) {
                        throw new IllegalStateException("first run crashes");
                    }
                    restarted.countDown();
                    Time.sleep(HUGE);
                }))
                .start();
        try {
            assertTrue(restarted.await(BOUND.toSeconds(), TimeUnit.SECONDS), "restarted after its crash");
        } finally {
            sup.stop();
        }
    }

    @Test
    void zeroOrNegativeMeansAlreadyExpired() throws Exception {
        Chan<Integer> empty = Chan.make();
        assertEquals(-1, Select.select(NEGATIVE, SelectCase.recv(empty)));
        assertTrue(empty.recv(NEGATIVE).isNotReady());
        assertFalse(empty.send(1, NEGATIVE));
        try (Scheduler s = Scheduler.builder().name("negative").workers(1).build()) {
            Chan<Integer> never = Chan.make();
            Goroutine blocked = s.go(never::recvOrClosed);
            assertTimeoutPreemptively(BOUND, () -> {
                assertFalse(s.awaitQuiescence(NEGATIVE), "a goroutine is alive");
                assertFalse(s.awaitQuiescence(Duration.ZERO));
                assertFalse(s.awaitTermination(NEGATIVE), "not shut down");
            }, s::dump);
            never.close();
            assertTrue(blocked.join(BOUND));
        }
        assertTrue(Time.newTimer(NEGATIVE).c().recv(BOUND).isOk(), "a timer for a negative duration fires at once");
    }
}
