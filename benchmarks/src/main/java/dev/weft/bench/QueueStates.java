package dev.weft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * The one-to-one transfer of {@link QueueOneToOneBench}, outside JMH, with the calls that
 * failed counted: how often the producer found the queue full and the consumer found it
 * empty, per element moved. One queue per JVM, as in JMH's forks; four rounds of warm-up,
 * then eight measured, each of 2²⁰ elements; prints each round and the medians.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar dev.weft.bench.QueueStates
 * weft-mpmc} (any queue of {@link Queues#make}), with a capacity after the name to change it
 * from {@value Queues#CAPACITY}.
 */
public final class QueueStates {
    private static final int WARMUP = 4;
    private static final int ROUNDS = 8;

    private QueueStates() {}

    public static void main(String[] args) throws InterruptedException {
        String impl = args.length > 0 ? args[0] : "weft-mpmc";
        int capacity = args.length > 1 ? Integer.parseInt(args[1]) : Queues.CAPACITY;
        int n = QueueBench.ELEMENTS;
        double[] nanos = new double[ROUNDS];
        double[] full = new double[ROUNDS];
        double[] empty = new double[ROUNDS];
        for (int round = 0; round < WARMUP + ROUNDS; round++) {
            Queue<Integer> q = Queues.make(impl, capacity);
            long[] failedOffers = new long[1];
            long[] failedPolls = new long[1];
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> {
                long failed = 0;
                for (int i = 0; i < n; i++) {
                    Integer v = Queues.box(i);
                    while (!q.offer(v)) {
                        failed++;
                        Thread.onSpinWait();
                    }
                }
                failedOffers[0] = failed;
            }));
            threads.add(new Thread(() -> {
                long failed = 0;
                for (int got = 0; got < n; ) {
                    if (q.poll() == null) {
                        failed++;
                        Thread.onSpinWait();
                    } else {
                        got++;
                    }
                }
                failedPolls[0] = failed;
            }));
            long start = System.nanoTime();
            Queues.startAndJoin(threads);
            long elapsed = System.nanoTime() - start;
            if (round >= WARMUP) {
                int r = round - WARMUP;
                nanos[r] = (double) elapsed / n;
                full[r] = (double) failedOffers[0] / n;
                empty[r] = (double) failedPolls[0] / n;
                System.out.printf("%s round %d: %.1f ns per element, found full %.3f and empty %.3f times per element%n",
                        impl, r + 1, nanos[r], full[r], empty[r]);
            }
        }
        System.out.printf("%s medians: %.1f ns per element, found full %.3f and empty %.3f times per element%n",
                impl, Median.of(nanos), Median.of(full), Median.of(empty));
    }
}
