package dev.weft.net;

import dev.weft.sched.Scheduler;
import dev.weft.sync.Barrier;
import dev.weft.sync.Semaphore;
import dev.weft.sync.WaitGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;

/**
 * The client side of {@link ManyConnectionsTest}, in a JVM of its own (each JVM may hold only
 * so many sockets): dials {@code conns} connections to {@code address}, echoes one 64-byte
 * message on each as soon as it is open, waits until every one is open, then echoes
 * {@code rounds - 1} more on each, checking every echo, and closes them once every one has
 * finished; prints {@code "OK <sum>"}, the sum of the checksums of what it sent.
 *
 * <p>At most {@link #HANDSHAKES} connections are between their dial and their first echo at a
 * time, as a load generator keeps them. A dial returns once the kernels have shaken hands,
 * before the server has accepted; past the listen backlog the server's kernel drops the
 * handshake's last segment and, once its SYN-ACK retries are spent (fewer when its queue is
 * more than half full) or when it answered with a SYN cookie, forgets the connection, which the
 * client learns only as a reset on its first write. The first echo proves that the server holds
 * the connection.
 */
public final class EchoClientMain {
    /** Dials not yet proven accepted: 128, the smallest listen backlog Linux gives. */
    static final int HANDSHAKES = 128;

    private EchoClientMain() {}

    public static void main(String[] args) throws Exception {
        String address = args[0];
        int conns = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        LongAdder sum = new LongAdder();
        LongAdder failed = new LongAdder();
        Semaphore handshakes = new Semaphore(HANDSHAKES);
        Barrier allOpen = new Barrier(conns);
        Barrier allEchoed = new Barrier(conns);
        WaitGroup done = new WaitGroup();
        try (Scheduler s = Scheduler.builder().name("echo-client").workers(2)
                .uncaughtExceptionHandler((g, e) -> {
                    failed.increment();
                    e.printStackTrace();
                }).build()) {
            s.go(() -> {
                for (int i = 0; i < conns; i++) {
                    handshakes.acquire(1);
                    done.go(() -> {
                        boolean handshaking = true;
                        try (Conn c = Net.dial(Duration.ofSeconds(60), address)) {
                            byte[] out = new byte[64];
                            byte[] in = new byte[64];
                            sum.add(echo(c, out, in));
                            handshakes.release(1);
                            handshaking = false;
                            if (allOpen.await(Duration.ofSeconds(120)) < 0) {
                                throw new IllegalStateException("not all connections opened");
                            }
                            for (int r = 1; r < rounds; r++) {
                                sum.add(echo(c, out, in));
                            }
                            if (allEchoed.await(Duration.ofSeconds(120)) < 0) {   // all stay open until all are done
                                throw new IllegalStateException("not all connections echoed");
                            }
                        } finally {
                            if (handshaking) {
                                handshakes.release(1);
                            }
                        }
                    });
                }
            }).join();
            if (!done.await(Duration.ofMinutes(3))) {
                System.out.println("TIMEOUT " + done.count() + " connections unfinished\n" + s.dump());
                System.exit(2);
            }
        }
        if (failed.sum() > 0) {
            System.out.println("FAILED " + failed.sum());
            System.exit(1);
        }
        System.out.println("OK " + sum.sum());
    }

    /** Writes random bytes from {@code out}, reads their echo into {@code in}; returns their checksum. */
    private static long echo(Conn c, byte[] out, byte[] in) throws IOException {
        ThreadLocalRandom.current().nextBytes(out);
        c.write(out);
        for (int off = 0; off < in.length; ) {
            int n = c.read(in, off, in.length - off);
            if (n < 0) {
                throw new IllegalStateException("EOF");
            }
            off += n;
        }
        if (crc(in) != crc(out)) {
            throw new IllegalStateException("echo differs");
        }
        return crc(out);
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }
}
