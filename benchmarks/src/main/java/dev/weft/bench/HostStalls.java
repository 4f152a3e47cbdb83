package dev.weft.bench;

import java.util.concurrent.TimeUnit;

/**
 * How often this machine takes a core away from a busy thread, and for how long: the floor
 * under every latency figure measured here (timer precision above all).
 *
 * <p>Runs as many busy threads as there are processors, then one, for five seconds each; every
 * thread reads {@link System#nanoTime()} in a tight loop and counts the gaps between two reads
 * longer than 0.2, 1 and 3 ms. A gap is time the thread was not running: preempted by another
 * thread or the kernel, or its virtual CPU stopped by the hypervisor. Nothing else runs in the
 * JVM, so on a dedicated machine with idle cores every count is near zero.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar dev.weft.bench.HostStalls}.
 */
public final class HostStalls {
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(5);

    public static void main(String[] args) throws InterruptedException {
        int cpus = Runtime.getRuntime().availableProcessors();
        measure(cpus);
        if (cpus > 1) {
            measure(1);
        }
    }

    private static void measure(int threads) throws InterruptedException {
        String[] reports = new String[threads];
        Thread[] busy = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int k = i;
            busy[i] = new Thread(() -> reports[k] = gaps());
            busy[i].start();
        }
        for (Thread t : busy) {
            t.join();
        }
        System.out.printf("%d busy thread(s), %d s each:%n", threads, TimeUnit.NANOSECONDS.toSeconds(RUN_NANOS));
        for (String r : reports) {
            System.out.println("  " + r);
        }
    }

    private static String gaps() {
        long over02 = 0;
        long over1 = 0;
        long over3 = 0;
        long longest = 0;
        long last = System.nanoTime();
        long end = last + RUN_NANOS;
        for (long now; (now = System.nanoTime()) < end; last = now) {
            long gap = now - last;
            if (gap > 200_000) {
                over02++;
                if (gap > 1_000_000) {
                    over1++;
                    if (gap > 3_000_000) {
                        over3++;
                    }
                }
            }
            longest = Math.max(longest, gap);
        }
        return String.format("gaps > 0.2 ms: %d, > 1 ms: %d, > 3 ms: %d; longest %.2f ms", over02, over1, over3, longest / 1e6);
    }
}
