package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class FailureTest {

    @Test
    void anEscapingExceptionGoesToTheHandlerAndNeverKillsAWorker() throws Exception {
        int failures = 1_000;
        CountDownLatch handled = new CountDownLatch(failures);
        AtomicReference<Goroutine> lastFailed = new AtomicReference<>();
        AtomicInteger wrongMessages = new AtomicInteger();
        try (Scheduler s = Scheduler.builder().workers(2).uncaughtExceptionHandler((g, t) -> {
            if (!(t instanceof IllegalStateException) || !t.getMessage().equals("boom " + g.name())) {
                wrongMessages.incrementAndGet();
            }
            lastFailed.set(g);
            handled.countDown();
        }).build()) {
            Goroutine g = null;
            for (int i = 0; i < failures; i++) {
                String name = "failing-" + i;
                g = s.go(name, () -> {
                    throw new IllegalStateException("boom " + name);
                });
            }
            handled.await();
            assertEquals(0, wrongMessages.get(), "the handler sees each goroutine with its own exception");
            g.join();
            assertTrue(g.isDone());
            assertTrue(s.workerCount() >= 2, "no worker died: " + s.stats());
            // The workers still run goroutines.
            AtomicInteger after = new AtomicInteger();
            for (int i = 0; i < 100; i++) {
                s.go(after::incrementAndGet);
            }
            s.awaitQuiescence();
            assertEquals(100, after.get());
        }
    }

    @Test
    void aFailingHandlerDoesNotHurtTheScheduler() throws Exception {
        try (Scheduler s = Scheduler.builder().uncaughtExceptionHandler((g, t) -> {
            throw new RuntimeException("handler broke");
        }).build()) {
            Goroutine g = s.go(() -> {
                throw new IllegalArgumentException("body broke");
            });
            g.join();
            assertTrue(g.isDone());
            AtomicReference<String> ran = new AtomicReference<>();
            s.go(() -> ran.set("still running")).join();
            assertEquals("still running", ran.get());
        }
    }

    /**
     * The default scheduler's handler can be set, as a thread's default one can: its goroutines'
     * exceptions (and those of schedulers built without a handler) then go there, not to the
     * log; a scheduler's own handler still wins.
     */
    @Test
    void theDefaultHandlerCanBeSetForTheDefaultSchedulerAndSchedulersWithoutOne() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Scheduler.setDefaultUncaughtExceptionHandler((g, t) -> seen.add(g.scheduler().name() + ": " + t.getMessage()));
        try (Scheduler plain = Scheduler.builder().name("plain").build();
                Scheduler own = Scheduler.builder().name("own").uncaughtExceptionHandler((g, t) -> { }).build()) {
            // The handler runs on the failing goroutine before join() returns: the order is fixed.
            Scheduler.defaultScheduler().go(() -> {
                throw new IllegalStateException("from the default scheduler");
            }).join();
            plain.go(() -> {
                throw new IllegalStateException("from a scheduler without a handler");
            }).join();
            own.go(() -> {
                throw new IllegalStateException("from a scheduler with its own handler");
            }).join();
            assertEquals(List.of("weft: from the default scheduler", "plain: from a scheduler without a handler"), seen);
        } finally {
            Scheduler.setDefaultUncaughtExceptionHandler(null);
        }
        assertSame(null, Scheduler.getDefaultUncaughtExceptionHandler());
    }

    @Test
    void defaultHandlerLogsNameAndIdAndDoesNotRethrow() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger("dev.weft");
        jul.addHandler(capture);
        try (Scheduler s = Scheduler.builder().build()) {
            Goroutine g = s.go("doomed", () -> {
                throw new IllegalStateException("logged, not rethrown");
            });
            g.join();
            assertTrue(g.isDone());
            assertSame(Goroutine.State.DONE, g.state());
            LogRecord r = records.stream()
                    .filter(x -> x.getThrown() != null && "logged, not rethrown".equals(x.getThrown().getMessage()))
                    .findFirst().orElseThrow();
            assertTrue(r.getMessage().contains("doomed") && r.getMessage().contains(Long.toString(g.id())),
                    r.getMessage());
            assertEquals(Level.SEVERE, r.getLevel());
        } finally {
            jul.removeHandler(capture);
        }
    }
}
