package dev.weft.bench.echo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load client, the same for every server: {@code EchoLoad <port> <connections> <seconds>}
 * opens that many connections (a JDK virtual thread each, blocking {@code java.net} sockets),
 * then each sends 64 bytes and reads them back, again and again; after a warm-up of a third of
 * the time it counts round trips and samples the latencies of those begun after it. Prints
 * {@code MEASURING} when the count begins, {@code MEASURED} when it ends (so that a runner can
 * read the server's CPU time over the same window), then
 * {@code RESULT <round trips/s> <p50 µs> <p99 µs> <round trips>}.
 */
public final class EchoLoad {
    private EchoLoad() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int conns = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder trips = new LongAdder();
        CountDownLatch connected = new CountDownLatch(conns);
        long[][] samples = new long[conns][];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            int me = i;
            threads.add(Thread.ofVirtual().start(() -> {
                long[] mine = new long[256];
                int n = 0;
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setTcpNoDelay(true);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] msg = new byte[64];
                    byte[] back = new byte[64];
                    connected.countDown();
                    connected.await();
                    for (long k = 0; !stop.get(); k++) {
                        boolean counted = measuring.get();      // a trip begun in the warm-up is not sampled
                        long t0 = System.nanoTime();
                        out.write(msg);
                        for (int off = 0; off < 64; ) {
                            int r = in.read(back, off, 64 - off);
                            if (r < 0) {
                                throw new IllegalStateException("EOF");
                            }
                            off += r;
                        }
                        if (measuring.get()) {
                            trips.increment();
                            if (counted && (k & 15) == 0 && n < mine.length) {
                                mine[n++] = System.nanoTime() - t0;
                            }
                        }
                    }
                } catch (Exception e) {
                    System.err.println("client " + me + ": " + e);
                    connected.countDown();
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
        long[] all = Arrays.stream(samples).filter(a -> a != null).flatMapToLong(Arrays::stream).sorted().toArray();
        long p50 = all.length == 0 ? 0 : all[all.length / 2] / 1000;
        long p99 = all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1000;
        System.out.printf("RESULT %d %d %d %d%n", (long) (total / (elapsed / 1e9)), p50, p99, total);
    }
}
