package dev.weft.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@link SchedulerBench} with Weft's and the JDK's forks alternating, reported as the ratio
 * within each adjacent pair of forks and the median of those ratios.
 *
 * <p>A plain JMH run measures every Weft fork and then every JDK fork, a minute or more later.
 * On this machine the host slows a busy JVM down for seconds at a time (see {@link HostStalls}),
 * so a ratio of two such runs says as much about when each ran as about the schedulers. Here
 * each pair runs one fork of each, back to back, and the order within a pair alternates (Weft
 * first, then JDK first), so a slow period ahead of or behind a pair weighs on both sides alike.
 * A fork is a JMH fork as {@link SchedulerBench} declares it (its own JVM, opened for Weft's
 * scheduler), with {@value #WARMUP_SECONDS} s of warm-up and {@value #MEASURE_SECONDS} one-second
 * iterations.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar dev.weft.bench.AlternatingForks
 * [pairs [benchmark ...]]}: six pairs of every {@link SchedulerBench} benchmark by default, or
 * the named ones ({@code spawnAndJoin}, {@code spawnAndJoinFromGoroutine},
 * {@code handoffPingPong}, {@code yield}).
 */
public final class AlternatingForks {
    private static final int WARMUP_SECONDS = 5;
    private static final int MEASURE_SECONDS = 5;
    private static final List<String> ALL =
            List.of("spawnAndJoin", "spawnAndJoinFromGoroutine", "handoffPingPong", "yield");

    public static void main(String[] args) throws RunnerException {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be at least 1, got " + pairs);
        }
        List<String> benchmarks = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : ALL;
        for (String b : benchmarks) {
            if (!ALL.contains(b)) {
                throw new IllegalArgumentException("no SchedulerBench benchmark named " + b + "; one of " + ALL);
            }
        }
        List<String> summary = new ArrayList<>();
        for (String benchmark : benchmarks) {
            double[] weft = new double[pairs];
            double[] jdk = new double[pairs];
            double[] ratios = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                if (p % 2 == 0) {
                    weft[p] = score(benchmark, "weft");
                    jdk[p] = score(benchmark, "jdk");
                } else {
                    jdk[p] = score(benchmark, "jdk");
                    weft[p] = score(benchmark, "weft");
                }
                ratios[p] = weft[p] / jdk[p];
                System.out.printf("%s pair %d (%s first): weft %.0f ns, jdk %.0f ns, ratio %.2f%n",
                        benchmark, p + 1, p % 2 == 0 ? "weft" : "jdk", weft[p], jdk[p], ratios[p]);
            }
            long atMostOne = Arrays.stream(ratios).filter(r -> r <= 1.0).count();
            summary.add(String.format("%-26s weft median %4.0f ns, jdk median %4.0f ns; Weft/JDK median %.2f "
                            + "(pairs %.2f-%.2f, %d of %d at most 1.0)",
                    benchmark, median(weft), median(jdk), median(ratios),
                    Arrays.stream(ratios).min().orElseThrow(), Arrays.stream(ratios).max().orElseThrow(),
                    atMostOne, pairs));
        }
        System.out.println();
        summary.forEach(System.out::println);
    }

    /** One fork of {@code SchedulerBench.benchmark} for {@code impl}: its mean, ns per operation. */
    private static double score(String benchmark, String impl) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(SchedulerBench.class.getName() + "." + benchmark + "$")
                .param("impl", impl)
                .forks(1)
                .warmupIterations(WARMUP_SECONDS)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(MEASURE_SECONDS)
                .measurementTime(TimeValue.seconds(1))
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult result = new Runner(options).runSingle();
        return result.getPrimaryResult().getScore();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
