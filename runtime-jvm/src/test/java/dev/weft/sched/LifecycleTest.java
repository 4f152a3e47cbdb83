package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.Weft;
import dev.weft.chan.Chan;
import dev.weft.sync.Mutex;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LifecycleTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();


    @Test
    void shutdownRejectsNewGoroutinesAndLetsLiveOnesFinish() throws Exception {
        Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).name("life").build();
        CountDownLatch release = new CountDownLatch(1);
        Goroutine running = s.go(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        s.shutdown();
        assertTrue(s.isShutdown());
        IllegalStateException fromPlatform = assertThrows(IllegalStateException.class, () -> s.go(() -> {}));
        assertTrue(fromPlatform.getMessage().contains("shut down"), fromPlatform.getMessage());
        assertFalse(s.isTerminated(), "a live goroutine keeps the scheduler running");
        assertFalse(s.awaitTermination(Duration.ofMillis(20)));
        release.countDown();
        assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        assertTrue(s.isTerminated());
        assertTrue(running.isDone());
        assertEquals(0, s.goroutineCount());
    }

    @Test
    void aGoroutineCannotSpawnAfterShutdown() throws Exception {
        Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build();
        CountDownLatch shutDown = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        s.go(() -> {
            try {
                shutDown.await();
                s.go(() -> {});
            } catch (Throwable t) {
                seen.set(t);
            }
        });
        s.shutdown();
        shutDown.countDown();
        s.close();
        assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
    }

    @Test
    void closeWaitsForEveryGoroutine() {
        Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build();
        int n = 1_000;
        Goroutine[] all = new Goroutine[n];
        for (int i = 0; i < n; i++) {
            all[i] = s.go(Goroutine::yield);
        }
        s.close();
        assertTrue(s.isTerminated());
        for (Goroutine g : all) {
            assertTrue(g.isDone());
        }
    }

    @Test
    void shutdownNowInterruptsLiveGoroutines() throws Exception {
        Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build();
        CountDownLatch parked = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        s.go(() -> {
            try {
                parked.countDown();
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                seen.set(e);
            }
        });
        parked.await();
        List<Goroutine> alive = s.shutdownNow();
        assertEquals(1, alive.size());
        assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        assertTrue(seen.get() instanceof InterruptedException);
    }

    /**
     * The cancellation shutdownNow() causes is not a failure: goroutines that end with their
     * interrupted wait's exception do not reach the uncaught-exception handler (100,000 of them
     * logged 100,000 errors with stack traces). Any other exception still does.
     */
    @Test
    void shutdownNowReportsNoCancellationItCausedAsAFailure() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).name("shutdown-now").uncaughtExceptionHandler((g, e) -> reported.add(e)).build();
        Chan<Integer> never = Chan.make();
        int n = 1_000;
        CountDownLatch blocked = new CountDownLatch(n + 1);
        for (int i = 0; i < n; i++) {
            s.go(() -> {
                blocked.countDown();
                never.recv();                        // CancellationException when interrupted
            });
        }
        s.go(() -> {
            blocked.countDown();
            try {
                never.recv();
            } finally {
                throw new IllegalStateException("a real failure while shutting down");
            }
        });
        assertTrue(blocked.await(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (s.goroutines().stream().filter(g -> g.state() == Goroutine.State.WAITING).count() < n + 1) {
            assertTrue(System.nanoTime() - deadline < 0, "all parked in their receive:\n" + s.dump());
            Thread.onSpinWait();
        }
        s.shutdownNow();
        assertTrue(s.awaitTermination(Duration.ofSeconds(30)), s.dump());
        assertEquals(1, reported.size(), "only the real failure was reported: " + reported.stream().limit(3).toList());
        assertEquals("a real failure while shutting down", reported.get(0).getMessage());
    }

    /**
     * close() waits for every goroutine, and an interrupt does not end every wait (Mutex.lock()
     * ignores it, as Go's does): close() must then say what it waits for instead of hanging in
     * silence.
     */
    @Test
    void closeNamesTheGoroutinesItWaitsFor() throws Exception {
        long saved = Scheduler.closeReportNanos;
        Scheduler.closeReportNanos = Duration.ofMillis(100).toNanos();
        Logger log = Logger.getLogger("dev.weft");
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.WARNING) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        Mutex mu = new Mutex();
        mu.lock();
        try {
            Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).name("stuck").workers(1).build();
            Goroutine stuck = s.go("stuck-on-a-mutex", () -> {
                mu.lock();
                mu.unlock();
            });
            Thread closer = Thread.ofPlatform().start(s::close);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (warnings.stream().noneMatch(w -> w.contains("scheduler stuck"))) {
                assertTrue(System.nanoTime() - deadline < 0, "close() said nothing for 30 s:\n" + s.dump());
                Thread.onSpinWait();
            }
            String w = warnings.stream().filter(m -> m.contains("scheduler stuck")).findFirst().orElseThrow();
            assertTrue(w.contains("close() is waiting for 1 goroutine(s)") && w.contains("\"stuck-on-a-mutex\""), w);
            assertTrue(w.contains("Mutex.lock"), "with its stack: " + w);
            mu.unlock();
            closer.join(Duration.ofSeconds(30));
            assertFalse(closer.isAlive(), "close() returned once the goroutine could");
            assertTrue(stuck.isDone());
        } finally {
            Scheduler.closeReportNanos = saved;
            log.removeHandler(capture);
        }
    }

    @Test
    void shutdownNowInterruptsAGoroutineThatHadNotStartedYet() throws Exception {
        // One worker and no compensation: while the hog holds it, the second goroutine is queued.
        Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).name("queued").workers(1).maxCompensation(0).build();
        CountDownLatch hogRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Goroutine hog = s.go("hog", () -> {
            hogRunning.countDown();
            while (release.getCount() > 0) {
                Thread.onSpinWait();             // holds the worker: never parks
            }
        });
        hogRunning.await();
        AtomicReference<Boolean> interruptedAtStart = new AtomicReference<>();
        Goroutine queued = s.go("queued", () -> interruptedAtStart.set(Thread.currentThread().isInterrupted()));

        // Spawned, so counted; not started, so not listed (it has no stack yet).
        assertEquals(2, s.goroutineCount());
        assertEquals(List.of("hog"), s.goroutines().stream().map(GoroutineInfo::name).toList());
        assertEquals(List.of(hog), s.shutdownNow());
        release.countDown();

        assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        assertTrue(queued.isDone());
        assertEquals(Boolean.TRUE, interruptedAtStart.get(), "the queued goroutine started interrupted");
    }

    @Test
    void runReturnsMainsValueAndRethrowsItsException() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build()) {
            assertEquals("main", s.run(() -> Goroutine.current().name()));
            assertEquals(42, s.run(() -> 42));
            IOException thrown = assertThrows(IOException.class, () -> s.run(() -> {
                throw new IOException("disk gone");
            }));
            assertEquals("disk gone", thrown.getMessage());
        }
    }

    @Test
    void awaitQuiescenceWaitsForGoroutinesStartedByGoroutines() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build()) {
            CountDownLatch release = new CountDownLatch(1);
            s.go(() -> s.go(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
            assertFalse(s.awaitQuiescence(Duration.ofMillis(20)), "the grandchild is still parked");
            release.countDown();
            assertTrue(s.awaitQuiescence(Duration.ofSeconds(10)));
            assertEquals(0, s.goroutineCount());
        }
    }

    @Test
    void theDefaultSchedulerIsSharedAndCannotBeShutDown() {
        Scheduler d = Scheduler.defaultScheduler();
        assertSame(d, Scheduler.defaultScheduler());
        IllegalStateException e = assertThrows(IllegalStateException.class, d::shutdown);
        assertTrue(e.getMessage().contains("default scheduler"));
    }

    @Test
    void handleReportsIdNameStateAndJoinWithTimeout() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch parked = new CountDownLatch(1);
            Goroutine g = s.go("worker-a", () -> {
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals("worker-a", g.name());
            assertTrue(g.id() > 0);
            assertSame(s, g.scheduler());
            parked.await();
            assertFalse(g.join(Duration.ofMillis(10)), "still parked");
            assertFalse(g.isDone());
            release.countDown();
            assertTrue(g.join(Duration.ofSeconds(10)));
            assertTrue(g.isDone());
            assertEquals(Goroutine.State.DONE, g.state());

            Goroutine unnamed = s.go(() -> {});
            unnamed.join();
            assertEquals("goroutine-" + unnamed.id(), unnamed.name());
        }
    }

    /**
     * A platform thread's join yields for a while, then parks: this goroutine finishes only
     * once the joiner is seen parked (WAITING, or TIMED_WAITING for the timed form), so both
     * joins pass through the park and must still return when the body ends.
     */
    @Test
    void platformJoinsWaitPastTheirYieldingPhase() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build()) {
            Thread joiner = Thread.currentThread();
            for (Thread.State parkedAs : List.of(Thread.State.WAITING, Thread.State.TIMED_WAITING)) {
                CountDownLatch release = new CountDownLatch(1);
                Goroutine g = s.go(() -> await(release));
                Thread releaser = Thread.ofPlatform().start(() -> {
                    Waits.whileTrue("joiner.getState() != parkedAs", () -> joiner.getState() != parkedAs);
                    release.countDown();
                });
                if (parkedAs == Thread.State.WAITING) {
                    g.join();
                } else {
                    assertTrue(g.join(Duration.ofSeconds(30)));
                }
                assertTrue(g.isDone());
                assertEquals(Goroutine.State.DONE, g.state());
                releaser.join();
            }
            CountDownLatch never = new CountDownLatch(1);
            Goroutine parked = s.go(() -> await(never));
            assertFalse(parked.join(Duration.ZERO), "a zero timeout does not wait");
            assertFalse(parked.join(Duration.ofMillis(1)));
            assertFalse(parked.join(Duration.ofSeconds(-5)), "a negative timeout does not wait");
            never.countDown();
            assertTrue(parked.join(Duration.ofSeconds(Long.MAX_VALUE)), "a timeout past Long nanos saturates");
            assertTrue(parked.join(Duration.ofSeconds(30)));
        }
    }

    @Test
    void currentGoroutineCanRenameItselfAndYield() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build()) {
            assertNull(Goroutine.current(), "a platform thread is no goroutine");
            AtomicReference<String> seen = new AtomicReference<>();
            Goroutine g = s.go(() -> {
                Goroutine me = Goroutine.current();
                me.setName("renamed");
                Goroutine.yield();
                seen.set(Goroutine.current().name());
            });
            g.join();
            assertEquals("renamed", seen.get());
            assertThrows(IllegalArgumentException.class, () -> g.setName(" "));
        }
    }

    @Test
    void aGoroutineThatReplacesItsThreadsHandlerIsStillFoundAndSpawnsOnItsScheduler() throws Exception {
        try (Scheduler s = Scheduler.builder().name("own-handler").uncaughtExceptionHandler(failures).build()) {
            AtomicReference<Goroutine> seen = new AtomicReference<>();
            AtomicReference<Scheduler> childScheduler = new AtomicReference<>();
            Goroutine g = s.go(() -> {
                Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });
                seen.set(Goroutine.current());
                Weft.go(() -> childScheduler.set(Goroutine.current().scheduler())).join();
            });
            g.join();
            assertSame(g, seen.get());
            assertSame(s, childScheduler.get(), "the child was spawned on the parent's scheduler");
        }
        CompletableFuture<Optional<Goroutine>> fromJdkThread = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> fromJdkThread.complete(Optional.ofNullable(Goroutine.current())));
        assertTrue(fromJdkThread.get(30, TimeUnit.SECONDS).isEmpty(), "a virtual thread Weft did not start is no goroutine");
    }

    @Test
    void weftGoUsesTheCallersScheduler() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build()) {
            AtomicReference<Scheduler> childScheduler = new AtomicReference<>();
            s.go(() -> {
                Goroutine child = Weft.go(() -> childScheduler.set(Goroutine.current().scheduler()));
                child.join();
            }).join();
            assertSame(s, childScheduler.get());
        }
        Goroutine fromPlatform = Weft.go("platform-spawned", () -> {});
        fromPlatform.join();
        assertSame(Scheduler.defaultScheduler(), fromPlatform.scheduler());
    }

    @Test
    void yieldingGoroutinesInterleaveOnOneWorker() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).workers(1).workStealing(false).build()) {
            StringBuffer trace = new StringBuffer();
            CountDownLatch start = new CountDownLatch(1);
            Goroutine a = s.go(() -> {
                await(start);
                for (int i = 0; i < 3; i++) {
                    trace.append('a');
                    Goroutine.yield();
                }
            });
            Goroutine b = s.go(() -> {
                await(start);
                for (int i = 0; i < 3; i++) {
                    trace.append('b');
                    Goroutine.yield();
                }
            });
            start.countDown();
            a.join();
            b.join();
            assertEquals(6, trace.length());
            assertTrue(trace.toString().contains("ab") && trace.toString().contains("ba"),
                    "yield lets the other goroutine run: " + trace);
        }
    }

    @Test
    void aJoinerReadiedByAGoroutinesEndRunsBehindTheGoroutinesQueuedBeforeIt() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).workers(1).maxCompensation(0).build()) {
            int n = 100;
            int[] doneWhenResumed = new int[1];
            s.go(() -> {
                Goroutine[] children = new Goroutine[n];
                for (int i = 0; i < n; i++) {
                    children[i] = s.go(() -> {});
                }
                children[0].join();      // parks: nothing has run yet on the only worker
                for (Goroutine c : children) {
                    doneWhenResumed[0] += c.isDone() ? 1 : 0;
                }
            }).join();
            // In runnext the joiner would have run right after the first child, ahead of the
            // other 98 queued behind it, and parked again on the next one.
            assertEquals(n, doneWhenResumed[0], "children done when the joiner resumed");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
