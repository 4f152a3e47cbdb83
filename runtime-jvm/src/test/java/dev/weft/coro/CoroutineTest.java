package dev.weft.coro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.sched.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CoroutineTest {

    @Test
    void resumeRunsToTheNextYieldAndTheTwoNeverRunAtOnce() {
        List<String> log = new ArrayList<>();        // shared without a lock: they take turns
        Coroutine co = Coroutine.create(self -> {
            log.add("co 1");
            self.yield();
            log.add("co 2");
            self.yield();
            log.add("co 3");
        });
        log.add("main 1");
        co.resume();
        log.add("main 2");
        co.resume();
        log.add("main 3");
        assertFalse(co.isFinished());
        co.resume();
        assertTrue(co.isFinished());
        assertEquals(List.of("main 1", "co 1", "main 2", "co 2", "main 3", "co 3"), log);
        assertThrows(IllegalStateException.class, co::resume);
    }

    @Test
    void aCoroutineMayResumeAnother() {
        List<String> log = new ArrayList<>();
        Coroutine inner = Coroutine.create(self -> {
            log.add("inner a");
            self.yield();
            log.add("inner b");
        });
        Coroutine outer = Coroutine.create(self -> {
            log.add("outer");
            inner.resume();
            log.add("outer again");
            self.yield();
            inner.resume();
        });
        outer.resume();
        outer.resume();
        assertEquals(List.of("outer", "inner a", "outer again", "inner b"), log);
        assertTrue(outer.isFinished() && inner.isFinished());
    }

    @Test
    void aFailureIsRethrownByResume() {
        IOException io = new IOException("io");
        Coroutine co = Coroutine.create(self -> {
            throw io;
        });
        assertSame(io, assertThrows(CompletionException.class, co::resume).getCause());
        assertTrue(co.isFinished());
        IllegalStateException ise = new IllegalStateException("as is");
        Coroutine unchecked = Coroutine.create(self -> {
            self.yield();
            throw ise;
        });
        unchecked.resume();
        assertSame(ise, assertThrows(IllegalStateException.class, unchecked::resume));
    }

    @Test
    void destroyUnwindsASuspendedCoroutineRunningItsFinallyBlocks() {
        List<String> log = new ArrayList<>();
        Coroutine co = Coroutine.create(self -> {
            try {
                while (true) {
                    self.yield();
                }
            } finally {
                log.add("cleaned up");
            }
        });
        co.resume();
        co.destroy();
        assertTrue(co.isFinished());
        assertEquals(List.of("cleaned up"), log);
        co.destroy();                                // idempotent
        Coroutine never = Coroutine.create(self -> log.add("ran"));
        never.destroy();
        assertTrue(never.isFinished());
        assertEquals(List.of("cleaned up"), log, "a never-resumed coroutine never runs");
        assertThrows(IllegalStateException.class, co::yield, "yield from outside");
    }

    @Test
    void generatorsYieldLazilyAndEnd() {
        List<Integer> produced = new ArrayList<>();
        try (Generator<Integer> squares = Generator.of(out -> {
            for (int i = 1; i <= 5; i++) {
                produced.add(i);
                out.yield(i * i);
            }
        })) {
            assertEquals(1, squares.next());
            assertEquals(List.of(1), produced, "only what was asked for was produced");
            assertEquals(List.of(4, 9, 16, 25), squares.stream().collect(Collectors.toList()));
            assertFalse(squares.hasNext());
            assertThrows(NoSuchElementException.class, squares::next);
        }
    }

    @Test
    void anEndlessGeneratorIsClosedAndFromAGoroutineItStaysOnOneWorker() throws Exception {
        try (Scheduler s = Scheduler.builder().name("gen").build()) {
            long sum = s.run(() -> {
                try (Generator<Long> fib = Generator.of(out -> {
                    long a = 0;
                    long b = 1;
                    while (true) {
                        out.yield(a);
                        long t = a + b;
                        a = b;
                        b = t;
                    }
                })) {
                    return fib.stream().limit(50).mapToLong(Long::longValue).sum();
                }
            });
            assertEquals(20_365_011_073L, sum);       // F(0) + … + F(49) = F(51) - 1
            s.awaitQuiescence();
            assertEquals(0, s.goroutineCount(), "closing ended the endless body");
        }
    }

    /**
     * A body that swallows the signal close() sends it and yields again refuses to end: close()
     * says so instead of returning as if it had ended, and the body's goroutine is not left
     * parked (every later yield throws, so the body runs to its end).
     */
    @Test
    void closingAGeneratorWhoseBodySwallowsTheSignalSaysItRefused() throws Exception {
        try (Scheduler s = Scheduler.builder().name("refuser").workers(1).build()) {
            CountDownLatch bodyReturned = new CountDownLatch(1);
            IllegalStateException[] refused = new IllegalStateException[1];
            s.go(() -> {
                Generator<Integer> g = Generator.of(out -> {
                    try {
                        for (int i = 0; i < 3; i++) {
                            try {
                                out.yield(i);
                            } catch (Throwable swallowed) {
                                // a careless body: catches everything, and goes on yielding
                            }
                        }
                    } finally {
                        bodyReturned.countDown();
                    }
                });
                assertEquals(0, g.next());
                refused[0] = assertThrows(IllegalStateException.class, g::close);
            }).join();
            assertTrue(refused[0].getMessage().contains("caught the destroy signal"), refused[0].getMessage());
            assertTrue(bodyReturned.await(30, TimeUnit.SECONDS), "the body ran to its end:\n" + s.dump());
            assertTrue(s.awaitQuiescence(Duration.ofSeconds(30)), "no goroutine left parked:\n" + s.dump());
        }
    }

    @Test
    void aGeneratorsFailureSurfacesFromHasNext() {
        Generator<String> g = Generator.of(out -> {
            out.yield("one");
            throw new IllegalStateException("broken");
        });
        assertEquals("one", g.next());
        assertEquals("broken", assertThrows(IllegalStateException.class, g::hasNext).getMessage());
        assertFalse(g.hasNext());
    }
}
