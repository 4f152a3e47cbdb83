package dev.weft.net;

import dev.weft.sched.Scheduler;
import dev.weft.sync.Barrier;
import dev.weft.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;

/**
 * The client side of {@link ManyConnectionsTest}, in a JVM of its own (each JVM may hold only
 * so many sockets): dials {@code conns} connections to {@code address}, waits until every one is
 * open, then echoes {@code rounds} 64-byte messages on each, checking each echo, and closes them
 * once every one has finished; prints
 * {@code "OK <sum>"}, the sum of the checksums of what it sent.
 */
public final class EchoClientMain {
    private EchoClientMain() {}

    public static void main(String[] args) throws Exception {
        String address = args[0];
        int conns = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        LongAdder sum = new LongAdder();
        LongAdder failed = new LongAdder();
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
                    done.go(() -> {
                        try (Conn c = Net.dial(Duration.ofSeconds(60), address)) {
                            if (allOpen.await(Duration.ofSeconds(120)) < 0) {
                                throw new IllegalStateException("not all connections opened");
                            }
                            byte[] out = new byte[64];
                            byte[] in = new byte[64];
                            for (int r = 0; r < rounds; r++) {
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
                                sum.add(crc(out));
                            }
                            if (allEchoed.await(Duration.ofSeconds(120)) < 0) {   // all stay open until all are done
                                throw new IllegalStateException("not all connections echoed");
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

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }
}
