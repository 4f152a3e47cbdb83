package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ForkedJvm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code weft.pollers}: several epoll poller threads serve one program; a bad value is a clear error. */
class PollersSettingTest {
    /** Echoes over 64 connections, spread over the pollers, and prints the netpoller's stats. */
    public static final class EchoOverPollers {
        public static void main(String[] args) throws Exception {
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
    void aBadPollersSettingIsAClearErrorAtTheFirstCall() throws Exception {
        String out = ForkedJvm.run(EchoOverPollers.class, Duration.ofSeconds(120), List.of("-Dweft.pollers=0"));
        assertEquals("REFUSED system property weft.pollers must be a positive integer, but is 0", out.strip(), out);
    }
}
