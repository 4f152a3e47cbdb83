package dev.weft.coro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ForkedJvm;
import dev.weft.GoroutineFailures;
import dev.weft.chan.Chan;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Generators on the JDK's continuations (the build exports {@code jdk.internal.vm} to every JVM
 * it starts) and, in a JVM without that export, in a goroutine of their own.
 */
class GeneratorTest {
    private static final int VALUES = 1_000;

    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    @Test
    void theBodyRunsOnTheReadersThread() {
        assertTrue(JdkContinuation.AVAILABLE, "this build exports jdk.internal.vm: " + JdkContinuation.WHY_NOT);
        AtomicReference<Thread> ran = new AtomicReference<>();
        try (Generator<Integer> g = Generator.of(out -> {
            ran.set(Thread.currentThread());
            out.yield(1);
        })) {
            assertEquals(1, g.next());
            assertSame(Thread.currentThread(), ran.get());
        }
    }

    /**
     * A body that blocks on a channel parks the goroutine that reads it, so the only worker runs
     * the goroutine that feeds the channel; had the body held the worker, nothing would feed it.
     */
    @Test
    void aBodyThatBlocksParksTheReadingGoroutine() throws Exception {
        try (Scheduler s = Scheduler.builder().name("gen-blocks").workers(1).uncaughtExceptionHandler(failures).build()) {
            Chan<Integer> feed = Chan.make();
            List<Integer> read = new ArrayList<>();
            Goroutine reader = s.go("reader", () -> {
                try (Generator<Integer> g = Generator.of(out -> {
                    for (int i = 0; i < VALUES; i++) {
                        out.yield(feed.recv() * 2);
                    }
                })) {
                    g.forEachRemaining(read::add);
                }
            });
            Goroutine feeder = s.go("feeder", () -> {
                for (int i = 0; i < VALUES; i++) {
                    feed.send(i);
                }
            });
            assertTrue(feeder.join(Duration.ofSeconds(30)), s::dump);
            assertTrue(reader.join(Duration.ofSeconds(30)), s::dump);
            assertEquals(VALUES, read.size());
            for (int i = 0; i < VALUES; i++) {
                assertEquals(2 * i, read.get(i));
            }
        }
    }

    @Test
    void aBodyThatBlocksParksAPlatformThreadReadingIt() throws Exception {
        try (Scheduler s = Scheduler.builder().name("gen-platform").workers(1).uncaughtExceptionHandler(failures).build()) {
            Chan<Integer> feed = Chan.make();
            Goroutine feeder = s.go("feeder", () -> {
                for (int i = 1; i <= VALUES; i++) {
                    feed.send(i);
                }
            });
            long sum = 0;
            try (Generator<Integer> g = Generator.of(out -> {
                for (int i = 0; i < VALUES; i++) {
                    out.yield(feed.recv());
                }
            })) {
                while (g.hasNext()) {
                    sum += g.next();
                }
            }
            assertTrue(feeder.join(Duration.ofSeconds(30)), s::dump);
            assertEquals((long) VALUES * (VALUES + 1) / 2, sum);
        }
    }

    /** A body that reads another generator: each yield returns to the run that is innermost. */
    @Test
    void generatorsNest() {
        try (Generator<Integer> evens = Generator.of(out -> {
            try (Generator<Integer> naturals = Generator.of(in -> {
                for (int i = 0; ; i++) {
                    in.yield(i);
                }
            })) {
                while (true) {
                    int n = naturals.next();
                    if (n % 2 == 0) {
                        out.yield(n);
                    }
                }
            }
        })) {
            assertEquals(List.of(0, 2, 4, 6, 8), evens.stream().limit(5).toList());
        }
    }

    @Test
    void aBodyMayYieldHoldingAMonitor() {
        Object lock = new Object();
        try (Generator<Boolean> g = Generator.of(out -> {
            synchronized (lock) {
                out.yield(Thread.holdsLock(lock));
                out.yield(Thread.holdsLock(lock));
            }
        })) {
            assertTrue(g.next(), "the body holds the lock it yields with");
            assertTrue(g.next(), "and holds it again when resumed");
            assertFalse(g.hasNext());
            assertFalse(Thread.holdsLock(lock), "the reader never held it");
        }
    }

    @Test
    void closingRunsTheBodysFinallyBlocksAndABodyNeverRunNeverRuns() {
        List<String> log = new ArrayList<>();
        Generator<Integer> started = Generator.of(out -> {
            try {
                out.yield(1);
                log.add("resumed after close");
            } finally {
                log.add("finally");
            }
        });
        assertEquals(1, started.next());
        started.close();
        started.close();
        assertFalse(started.hasNext());
        Generator<Integer> never = Generator.of(out -> log.add("ran"));
        never.close();
        assertFalse(never.hasNext());
        assertEquals(List.of("finally"), log);
    }

    /** Without the export, the body runs in a goroutine of its own, with the same results. */
    @Test
    void withoutTheExportTheBodyRunsInAGoroutine() throws Exception {
        String out = ForkedJvm.run(GeneratorMain.class, Duration.ofSeconds(60), List.of());
        assertEquals("goroutine 328350", out.strip());       // 0² + 1² + … + 99²
    }

    /** A generator read in a JVM that does not export {@code jdk.internal.vm}. */
    public static final class GeneratorMain {
        private GeneratorMain() {}

        public static void main(String[] args) {
            AtomicReference<Thread> ran = new AtomicReference<>();
            long sum;
            try (Generator<Long> squares = Generator.of(out -> {
                ran.set(Thread.currentThread());
                for (long i = 0; ; i++) {
                    out.yield(i * i);
                }
            })) {
                sum = squares.stream().limit(100).mapToLong(Long::longValue).sum();
            }
            System.out.println((ran.get() != Thread.currentThread() && ran.get().isVirtual() ? "goroutine " : "same thread ") + sum);
        }
    }
}
