package dev.weft.sched;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link PollersTest} in a JVM of its own: round trips over a loopback socket between
 * two JDK virtual threads, optionally ({@code weft}) after a Weft scheduler whose goroutines
 * were the JVM's first to block in socket I/O has been closed. Prints the best time of
 * {@value #REPEATS} runs of {@value #ROUND_TRIPS} round trips, and the platform threads the JVM
 * started while they ran.
 */
public final class PollersMain {
    static final int ROUND_TRIPS = 2_000;
    static final int REPEATS = 5;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("weft")) {
            try (Scheduler s = Scheduler.builder().name("first-io").workers(2).build()) {
                Goroutine g = s.go("echo-pair", () -> {
                    try {
                        echo(100);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                if (!g.join(java.time.Duration.ofSeconds(60))) {
                    throw new IllegalStateException("the goroutines' echo did not end:\n" + s.dump());
                }
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long started = 0;
        for (int r = 0; r < REPEATS; r++) {
            long before = threads.getTotalStartedThreadCount();
            long t0 = System.nanoTime();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    echo(ROUND_TRIPS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            if (!t.join(java.time.Duration.ofSeconds(120))) {
                throw new IllegalStateException("the virtual threads' echo did not end");
            }
            best = Math.min(best, System.nanoTime() - t0);
            started += threads.getTotalStartedThreadCount() - before;
        }
        System.out.println("best_ms=" + TimeUnit.NANOSECONDS.toMillis(best) + " platform_threads_started=" + started);
    }

    /**
     * From the calling thread (a goroutine or a JDK virtual thread): an echo server in a new
     * thread of the same kind, and {@code n} one-byte round trips to it.
     */
    private static void echo(int n) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echoer = Thread.ofVirtual().start(() -> {       // inherits the caller's scheduler
                try (Socket c = server.accept(); InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                    for (int b; (b = in.read()) >= 0; ) {
                        out.write(b);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort())) {
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < n; i++) {
                    out.write(i & 0x7f);
                    if (in.read() != (i & 0x7f)) {
                        throw new IllegalStateException("echo returned the wrong byte");
                    }
                }
            }
            echoer.join();
        }
    }
}
