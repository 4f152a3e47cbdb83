package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ForkedJvm;
import dev.weft.GoroutineFailures;
import dev.weft.sched.Scheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ten thousand concurrent connections on a 2-worker scheduler, echoing with checksums, the
 * client in a JVM of its own; the server's platform threads stay a fixed few (workers, the
 * netpoller, the monitor, the timer thread), not one per connection.
 */
class ManyConnectionsTest {
    private static final int CONNS = 10_000;
    private static final int ROUNDS = 5;

    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    @Test
    void tenThousandConnectionsEchoOnTwoWorkers() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int platformBefore = threads.getThreadCount();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        AtomicInteger platformPeak = new AtomicInteger();
        LongAdder echoed = new LongAdder();
        try (Scheduler s = Scheduler.builder().name("echo-server").workers(2).uncaughtExceptionHandler(failures).build();
             Listener ln = Net.listen("127.0.0.1:0")) {
            s.go("acceptor", () -> {
                for (int i = 0; i < CONNS; i++) {
                    Conn c = ln.accept();
                    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    platformPeak.accumulateAndGet(threads.getThreadCount(), Math::max);
                    s.go(() -> {
                        try (c) {
                            byte[] buf = new byte[64];
                            for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) {
                                c.write(buf, 0, n);
                                echoed.add(n);
                            }
                        } finally {
                            open.decrementAndGet();
                        }
                    });
                }
            });
            String out = ForkedJvm.run(EchoClientMain.class, Duration.ofMinutes(4), List.of("-Xss512k"),
                    ln.addr(), Integer.toString(CONNS), Integer.toString(ROUNDS));
            assertTrue(out.startsWith("OK "), out);
        }
        assertEquals((long) CONNS * ROUNDS * 64, echoed.sum(), "every byte echoed once");
        assertEquals(CONNS, mostOpen.get(), "all connections were open at once");
        assertTrue(platformPeak.get() - platformBefore <= 40,
                "platform threads grew from " + platformBefore + " to " + platformPeak.get());
    }
}
