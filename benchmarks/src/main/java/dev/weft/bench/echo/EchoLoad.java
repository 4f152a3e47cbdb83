package dev.weft.bench.echo;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load client, the same for every server: {@code EchoLoad <port> <connections> <seconds>}
 * opens that many connections (a JDK virtual thread each, blocking {@code java.net} sockets),
 * then each sends 64 bytes and reads them back, again and again; after a warm-up of a third of
 * the time it counts round trips and samples the latencies of those begun after it. Prints
 * {@code MEASURING} when the count begins, {@code MEASURED} when it ends (so that a runner can
 * read the server's CPU time over the same window), then
 * {@code RESULT <round trips/s> <p50 µs> <p99 µs> <round trips>}; if a connection failed, it
 * prints {@code FAILED <connections>} instead and exits with status 1.
 *
 * <p>A connection counts as open once its first echo has returned, and at most
 * {@value #HANDSHAKES} are between their dial and that echo at a time. A dial returns when the
 * kernels have shaken hands, before the server accepts; a burst of dials past the listen backlog
 * makes the server's kernel drop and later forget connections that the client holds open, which
 * it learns only as a reset.
 */
public final class EchoLoad {
    /** Dials not yet proven accepted: 128, the smallest listen backlog Linux gives. */
    private static final int HANDSHAKES = 128;

    private EchoLoad() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int conns = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder trips = new LongAdder();
        LongAdder failed = new LongAdder();
        Semaphore handshakes = new Semaphore(HANDSHAKES);
        CountDownLatch connected = new CountDownLatch(conns);
        long[][] samples = new long[conns][];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            int me = i;
            handshakes.acquireUninterruptibly();
            threads.add(Thread.ofVirtual().start(() -> {
                long[] mine = new long[256];
                int n = 0;
                boolean handshaking = true;
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setTcpNoDelay(true);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] msg = new byte[64];
                    byte[] back = new byte[64];
                    echo(in, out, msg, back);
                    handshakes.release();
                    handshaking = false;
                    connected.countDown();
                    connected.await();
                    for (long k = 0; !stop.get(); k++) {
                        boolean counted = measuring.get();      // a trip begun in the warm-up is not sampled
                        long t0 = System.nanoTime();
                        echo(in, out, msg, back);
                        if (measuring.get()) {
                            trips.increment();
                            if (counted && (k & 15) == 0 && n < mine.length) {
                                mine[n++] = System.nanoTime() - t0;
                            }
                        }
                    }
                } catch (Exception e) {
                    System.err.println("client " + me + ": " + e);
                    failed.increment();
                    connected.countDown();
                } finally {
                    if (handshaking) {
                        handshakes.release();
                    }
                }
                samples[me] = Arrays.copyOf(mine, n);
            }));
        }
        connected.await();
        long warm = (long) (seconds * 1e9 / 3);
        Thread.sleep(warm / 1_000_000);
        System.out.println("MEASURING");
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000) - warm / 1_000_000);
        long elapsed = System.nanoTime() - t0;
        measuring.set(false);
        long total = trips.sum();
        System.out.println("MEASURED");
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        if (failed.sum() > 0) {
            System.out.println("FAILED " + failed.sum());
            System.exit(1);
        }
        long[] all = Arrays.stream(samples).filter(a -> a != null).flatMapToLong(Arrays::stream).sorted().toArray();
        long p50 = all.length == 0 ? 0 : all[all.length / 2] / 1000;
        long p99 = all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1000;
        System.out.printf("RESULT %d %d %d %d%n", (long) (total / (elapsed / 1e9)), p50, p99, total);
    }

    private static void echo(InputStream in, OutputStream out, byte[] msg, byte[] back) throws IOException {
        out.write(msg);
        for (int off = 0; off < msg.length; ) {
            int r = in.read(back, off, msg.length - off);
            if (r < 0) {
                throw new EOFException("the server closed the connection");
            }
            off += r;
        }
    }
}
