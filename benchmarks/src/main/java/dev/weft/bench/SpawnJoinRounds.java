package dev.weft.bench;

import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sched.SchedulerStats;
import java.util.Arrays;

/**
 * Spawn-and-join, Weft against the JDK's default virtual-thread scheduler, in alternating rounds
 * in one JVM: what {@link SchedulerBench#spawnAndJoin()} and
 * {@link SchedulerBench#spawnAndJoinFromGoroutine()} measure, made robust to this machine's
 * slow periods.
 *
 * <p>JMH measures one side after the other, a minute or more apart. On this machine the host
 * slows a busy JVM down two- or threefold for seconds at a time (see {@link HostStalls}), and a
 * JMH run where one side's fork falls into such a period reports that as a ratio. (Sampling the
 * workers' processor in {@code /proc} shows what such a period is: both workers runnable on one
 * virtual CPU, the other unavailable to them.) Here a round
 * is {@value #BATCHES} batches of {@value #BATCH} goroutines spawned and then joined, timed per
 * batch; Weft and JDK rounds alternate, each lasting well under a second, so each pair of
 * rounds shares the machine's state. The report gives each pair's median and mean batch per
 * goroutine and their ratios, then the medians of those over the rounds.
 *
 * <p>Not a JMH benchmark; run it with
 * {@code java -Xms1g -Xmx1g -XX:+AlwaysPreTouch --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.weft.bench.SpawnJoinRounds}:
 * the fixed, pre-touched heap is {@link SchedulerBench}'s, for the reason given there.
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
            compare("from a platform thread", weft, false);
            compare("from a goroutine (a virtual thread for the JDK)", weft, true);
        }
    }

    private static void compare(String spawner, Scheduler weft, boolean fromGoroutine) throws Exception {
        System.out.println("spawn and join " + spawner + ":");
        for (int r = 0; r < WARMUP_ROUNDS; r++) {
            round(weft, fromGoroutine);
            round(null, fromGoroutine);
        }
        double[] ratios = new double[MEASURED_ROUNDS];
        double[] meanRatios = new double[MEASURED_ROUNDS];
        double[] weftMeans = new double[MEASURED_ROUNDS];
        double[] jdkMeans = new double[MEASURED_ROUNDS];
        for (int r = 0; r < MEASURED_ROUNDS; r++) {
            double[] w = round(weft, fromGoroutine);
            double[] j = round(null, fromGoroutine);
            ratios[r] = w[0] / j[0];
            meanRatios[r] = w[1] / j[1];
            weftMeans[r] = w[1];
            jdkMeans[r] = j[1];
            System.out.printf("round %2d  weft median %4.0f mean %4.0f ns   jdk median %4.0f mean %4.0f ns   "
                    + "ratio of medians %.2f, of means %.2f%n", r, w[0], w[1], j[0], j[1], ratios[r], meanRatios[r]);
        }
        System.out.printf("median over rounds: weft mean %.0f ns, jdk mean %.0f ns per goroutine; "
                + "ratio of median batches %.2f, of means %.2f%n%n",
                median(weftMeans), median(jdkMeans), median(ratios), median(meanRatios));
    }

    /**
     * One round on Weft ({@code weft} set) or the JDK: {median, mean} of the per-goroutine time
     * over its batches, in ns.
     */
    private static double[] round(Scheduler weft, boolean fromGoroutine) throws Exception {
        long[] nanos = new long[BATCHES];
        long[] total = new long[1];
        Runnable batches = () -> {
            try {
                for (int b = 0; b < BATCHES; b++) {
                    long start = System.nanoTime();
                    batch(weft);
                    nanos[b] = System.nanoTime() - start;
                    total[0] += nanos[b];
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        if (!fromGoroutine) {
            batches.run();
        } else if (weft != null) {
            weft.go(batches::run).join();        // join's happens-before publishes the arrays
        } else {
            Thread.ofVirtual().start(batches).join();
        }
        Arrays.sort(nanos);
        return new double[] {nanos[BATCHES / 2] / (double) BATCH, total[0] / (double) BATCHES / BATCH};
    }

    /** Starts {@value #BATCH} goroutines (virtual threads for the JDK), then joins them all. */
    private static void batch(Scheduler weft) throws InterruptedException {
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
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
