package dev.weft.bench;

import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sched.SchedulerStats;
import java.util.Arrays;

/**
 * Spawn-and-join from a platform thread, Weft against the JDK's default virtual-thread scheduler,
 * in alternating rounds in one JVM: what {@link SchedulerBench#spawnAndJoin()} measures, made
 * robust to this machine's slow periods.
 *
 * <p>JMH measures one side after the other, a minute or more apart. On this machine the host
 * slows a busy JVM down two- or threefold for seconds at a time (see {@link HostStalls}), and a
 * JMH run where one side's fork falls into such a period reports that as a ratio. Here a round
 * is {@value #BATCHES} batches of {@value #BATCH} goroutines spawned and then joined, timed per
 * batch; Weft and JDK rounds alternate, each lasting well under a second, so each pair of
 * rounds shares the machine's state. The report gives each pair's median and mean batch per
 * goroutine and their ratios, then the medians of those over the rounds.
 *
 * <p>Not a JMH benchmark; run it with
 * {@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.weft.bench.SpawnJoinRounds}.
 */
public final class SpawnJoinRounds {
    private static final int BATCH = 1_000;
    private static final int BATCHES = 1_000;
    private static final int WARMUP_ROUNDS = 4;
    private static final int MEASURED_ROUNDS = 15;

    public static void main(String[] args) throws Exception {
        try (Scheduler weft = Scheduler.builder().name("rounds").build()) {
            if (weft.kind() != SchedulerStats.Kind.WEFT) {
                throw new IllegalStateException("start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED");
            }
            for (int r = 0; r < WARMUP_ROUNDS; r++) {
                round(weft);
                round(null);
            }
            double[] ratios = new double[MEASURED_ROUNDS];
            double[] meanRatios = new double[MEASURED_ROUNDS];
            double[] weftMeans = new double[MEASURED_ROUNDS];
            double[] jdkMeans = new double[MEASURED_ROUNDS];
            for (int r = 0; r < MEASURED_ROUNDS; r++) {
                double[] w = round(weft);
                double[] j = round(null);
                ratios[r] = w[0] / j[0];
                meanRatios[r] = w[1] / j[1];
                weftMeans[r] = w[1];
                jdkMeans[r] = j[1];
                System.out.printf("round %2d  weft median %4.0f mean %4.0f ns   jdk median %4.0f mean %4.0f ns   "
                        + "ratio of medians %.2f, of means %.2f%n", r, w[0], w[1], j[0], j[1], ratios[r], meanRatios[r]);
            }
            System.out.printf("median over rounds: weft mean %.0f ns, jdk mean %.0f ns per goroutine; "
                    + "ratio of median batches %.2f, of means %.2f%n",
                    median(weftMeans), median(jdkMeans), median(ratios), median(meanRatios));
        }
    }

    /** One round: {median, mean} of the per-goroutine time over its batches, in ns. */
    private static double[] round(Scheduler weft) throws InterruptedException {
        long[] nanos = new long[BATCHES];
        long total = 0;
        for (int b = 0; b < BATCHES; b++) {
            long start = System.nanoTime();
            if (weft != null) {
                Goroutine[] gs = new Goroutine[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    gs[i] = weft.go(SchedulerBench.Noop.INSTANCE);
                }
                for (Goroutine g : gs) {
                    g.join();
                }
            } else {
                Thread[] ts = new Thread[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    ts[i] = Thread.ofVirtual().start(SchedulerBench.Noop.INSTANCE);
                }
                for (Thread t : ts) {
                    t.join();
                }
            }
            nanos[b] = System.nanoTime() - start;
            total += nanos[b];
        }
        Arrays.sort(nanos);
        return new double[] {nanos[BATCHES / 2] / (double) BATCH, total / (double) BATCHES / BATCH};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
