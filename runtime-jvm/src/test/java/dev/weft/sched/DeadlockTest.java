package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ForkedJvm;
import dev.weft.chan.Chan;
import dev.weft.chan.Received;
import dev.weft.net.Conn;
import dev.weft.net.Listener;
import dev.weft.net.Net;
import dev.weft.select.SelectBuilder;
import dev.weft.sync.Mutex;
import dev.weft.sync.WaitGroup;
import dev.weft.time.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Go's "all goroutines are asleep - deadlock!": each shape Weft detects, and each it must not
 * report. In a JVM of its own, whose only platform threads are the program's: a test runner's
 * threads would count as awake (they could send), and nothing would ever be reported.
 */
class DeadlockTest {
    /** Runs every scenario on a scheduler of its own and prints one line each. */
    public static final class Scenarios {
        public static void main(String[] args) throws Exception {
            Recording recording = new Recording();
            recording.enable("dev.weft.DeadlockFound");
            recording.start();
            scenario("recv-nobody-sends", () -> Chan.<Integer>make().recv());
            scenario("select-nobody-sends", () -> SelectBuilder.<String>select()
                    .recv(Chan.<Integer>make(), v -> "a").recv(Chan.<Integer>make(), v -> "b").run());
            scenario("lock-cycle", () -> {
                Mutex a = new Mutex();
                Mutex b = new Mutex();
                Chan<Boolean> holding = Chan.make(2);
                WaitGroup wg = new WaitGroup();
                wg.go(() -> lockBoth(a, b, holding));
                wg.go(() -> lockBoth(b, a, holding));
                wg.await();
                return "unreachable";
            });
            scenario("platform-thread-sends-later", () -> {
                Chan<Integer> c = Chan.make();
                Thread.ofPlatform().start(() -> {
                    sleep(300);
                    c.send(42);
                });
                return c.recv();
            });
            scenario("jdk-virtual-thread-sends-later", () -> {
                Chan<Integer> c = Chan.make();
                Thread.ofVirtual().start(() -> {
                    sleep(300);
                    c.send(43);
                });
                return c.recv();
            });
            scenario("other-scheduler-computes-then-sends", () -> {
                Chan<Integer> c = Chan.make();
                try (Scheduler other = Scheduler.builder().name("busy").workers(1).build()) {
                    other.go(() -> {
                        long end = System.nanoTime() + 300_000_000L;
                        while (System.nanoTime() < end) {
                            Thread.onSpinWait();
                        }
                        c.send(44);
                    });
                    return c.recv();
                }
            });
            scenario("timed-receive", () -> Chan.<Integer>make().recv(Duration.ofMillis(400)).isOk());
            scenario("goroutine-sleeps-then-sends", () -> {
                Chan<Integer> c = Chan.make();
                Scheduler.defaultScheduler().go(() -> {
                    Time.sleep(Duration.ofMillis(300));
                    c.send(7);
                });
                return c.recv();
            });
            scenario("net-accept", () -> {
                try (Listener ln = Net.listen("127.0.0.1:0")) {
                    String addr = ln.addr();
                    Thread.ofPlatform().start(() -> {
                        sleep(300);
                        try (Conn c = Net.dial(addr)) {
                            c.write(new byte[] {1});
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    try (Conn c = ln.accept()) {
                        return c.read(new byte[1], 0, 1);
                    }
                }
            });
            // Outside run: the scheduler logs it once, while close-like waits go on.
            try (Scheduler s = Scheduler.builder().name("no-run").build()) {
                Chan<Integer> c = Chan.make();
                s.go("stuck", c::recv);
                System.out.println("no-run quiesced: " + s.awaitQuiescence(Duration.ofSeconds(3)));
                s.shutdownNow();
            }
            recording.stop();
            Path file = Files.createTempFile("deadlocks", ".jfr");
            recording.dump(file);
            long found = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("dev.weft.DeadlockFound"))
                    .filter(e -> e.getString("scheduler").equals("recv-nobody-sends") && e.getLong("goroutines") == 1
                            && e.getString("dump").contains("chan receive on Chan#"))
                    .count();
            System.out.println("DeadlockFound events for recv-nobody-sends: " + found);
            Files.delete(file);
            System.out.flush();
            Runtime.getRuntime().halt(0);    // the JDK's default scheduler may hold a sleeping goroutine
        }

        private static Object lockBoth(Mutex first, Mutex second, Chan<Boolean> holding) {
            first.lock();
            holding.send(true);
            while (holding.len() < 2 && !holding.isClosed()) {
                Thread.onSpinWait();        // both hold one lock before either takes its second
            }
            second.lock();
            return null;
        }

        /**
         * The scenario itself, not a wait for something to settle: a thread asleep, with a send
         * still to come, while every goroutine waits — the check must count it as awake.
         */
        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void scenario(String name, Callable<Object> main) {
            long t0 = System.nanoTime();
            try (Scheduler s = Scheduler.builder().name(name).build()) {
                Object r = s.run(main);
                System.out.println(name + ": returned " + r);
            } catch (DeadlockException e) {
                String first = e.getMessage().lines().findFirst().orElse("");
                boolean waitReason = e.getMessage().contains("chan receive on Chan#")
                        || e.getMessage().contains("[select (") || e.getMessage().contains("mutex lock (");
                System.out.println(name + ": DEADLOCK " + first + (waitReason ? " with reasons" : " without reasons:\n" + e.getMessage()));
            } catch (Exception e) {
                System.out.println(name + ": failed " + e);
            }
            System.out.println(name + " took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    @Test
    void detectedShapesAndShapesThatMustNotBeReported() throws Exception {
        String out = ForkedJvm.run(Scenarios.class, Duration.ofSeconds(120), List.of());
        String deadlock = ": DEADLOCK all goroutines are asleep - deadlock! with reasons";
        assertTrue(out.contains("recv-nobody-sends" + deadlock), out);
        assertTrue(out.contains("select-nobody-sends" + deadlock), out);
        assertTrue(out.contains("lock-cycle" + deadlock), out);
        assertTrue(out.contains("platform-thread-sends-later: returned 42"), out);
        assertTrue(out.contains("timed-receive: returned false"), out);
        assertTrue(out.contains("jdk-virtual-thread-sends-later: returned 43"), out);
        assertTrue(out.contains("other-scheduler-computes-then-sends: returned 44"), out);
        assertTrue(out.contains("goroutine-sleeps-then-sends: returned 7"), out);
        assertTrue(out.contains("net-accept: returned 1"), out);
        assertTrue(out.contains("scheduler no-run: all goroutines are asleep - deadlock!"), out);
        assertTrue(out.contains("no-run quiesced: false"), out);
        assertTrue(out.contains("DeadlockFound events for recv-nobody-sends: 1"), out);
    }
}
