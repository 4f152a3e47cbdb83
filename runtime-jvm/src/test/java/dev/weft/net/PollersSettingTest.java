package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ForkedJvm;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pollers setting ({@link Scheduler.Builder#pollers}, {@code weft.pollers}): several epoll
 * poller threads serve one program; a bad value is a clear error; the count is one per JVM.
 */
class PollersSettingTest {
    /**
     * Echoes over 64 connections, spread over the pollers, and prints the netpoller's stats.
     * With an argument, a scheduler's builder first asks for that many pollers, and after the
     * echo a second builder asks for one more, which must be refused.
     */
    public static final class EchoOverPollers {
        public static void main(String[] args) throws Exception {
            Scheduler asked = args.length > 0 ? Scheduler.builder().pollers(Integer.parseInt(args[0])).build() : null;
            try {
                Net.stats();
            } catch (IllegalArgumentException e) {
                System.out.println("REFUSED " + e.getMessage());
                return;
            }
            try (Listener ln = Net.listen("127.0.0.1:0")) {
                int conns = 64;
                Thread server = Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < conns; i++) {
                            Conn c = ln.accept();
                            Thread.ofVirtual().start(() -> {
                                try (c) {
                                    byte[] buf = new byte[64];
                                    for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) {
                                        c.write(buf, 0, n);
                                    }
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long sum = 0;
                for (int i = 0; i < conns; i++) {
                    try (Conn c = Net.dial(ln.addr())) {
                        byte[] b = {(byte) i, 2, 3};
                        c.write(b);
                        byte[] in = new byte[3];
                        for (int off = 0; off < 3; ) {
                            off += c.read(in, off, 3 - off);
                        }
                        sum += in[0] + in[1] + in[2];
                    }
                }
                server.join();
                NetStats stats = Net.stats();
                System.out.println("SUM " + sum + " POLLER " + stats.poller() + " POLLERS " + stats.pollers());
            }
            if (asked != null) {
                int n = Integer.parseInt(args[0]);
                try (Scheduler other = Scheduler.builder().name("refused").pollers(n + 1).build()) {
                    System.out.println("ACCEPTED " + other);
                } catch (IllegalStateException e) {
                    long started = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("refused")).count();
                    System.out.println("REFUSED " + e.getMessage() + " THREADS " + started);
                }
                try (Scheduler same = Scheduler.builder().pollers(n).build()) {
                    System.out.println("SAME COUNT ACCEPTED");
                }
                asked.close();
            }
        }
    }

    @Test
    void threePollersServeEveryConnection() throws Exception {
        String out = ForkedJvm.run(EchoOverPollers.class, Duration.ofSeconds(120),
                List.of("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-Dweft.pollers=3"));
        long expected = 0;
        for (int i = 0; i < 64; i++) {
            expected += (byte) i + 5;
        }
        assertTrue(out.contains("SUM " + expected + " POLLER epoll POLLERS 3"), out);
    }

    @Test
    void aSchedulerBuilderSetsThePollersOverThePropertyOncePerJvm() throws Exception {
        String out = ForkedJvm.run(EchoOverPollers.class, Duration.ofSeconds(120),
                List.of("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-Dweft.pollers=2"), "3");
        long expected = 0;
        for (int i = 0; i < 64; i++) {
            expected += (byte) i + 5;
        }
        assertTrue(out.contains("SUM " + expected + " POLLER epoll POLLERS 3"), out);
        assertTrue(out.contains("REFUSED the netpoller already runs with 3 poller(s), so a scheduler cannot ask for 4: "
                + "the count is one per JVM, fixed when the first networking call starts the netpoller THREADS 0"), out);
        assertTrue(out.contains("SAME COUNT ACCEPTED"), out);
    }

    @Test
    void aBuilderRefusesAPollersCountOutOfRangeAtOnce() {
        Scheduler.Builder b = Scheduler.builder();
        assertEquals("pollers must be from 1 to 64, but is 0",
                assertThrows(IllegalArgumentException.class, () -> b.pollers(0)).getMessage());
        assertEquals("pollers must be from 1 to 64, but is 65",
                assertThrows(IllegalArgumentException.class, () -> b.pollers(65)).getMessage());
    }

    @Test
    void aBadPollersSettingIsAClearErrorAtTheFirstCall() throws Exception {
        String out = ForkedJvm.run(EchoOverPollers.class, Duration.ofSeconds(120), List.of("-Dweft.pollers=0"));
        assertEquals("REFUSED system property weft.pollers must be a positive integer, but is 0", out.strip(), out);
    }
}
