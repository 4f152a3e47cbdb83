package dev.weft.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Two implementations of one JMH benchmark with their forks alternating, reported as the ratio
 * within each adjacent pair of forks and the median of those ratios.
 *
 * <p>A plain JMH run measures every fork of one implementation and then every fork of the next,
 * a minute or more later. On this machine the host slows a busy JVM down for seconds at a time
 * (see {@link HostStalls}), and a queue's threads land on cores that share a cache or do not, so
 * a ratio of two such runs says as much about when each ran as about the code. Here each pair
 * runs one fork of each, back to back, and the order within a pair alternates, so a slow period
 * ahead of or behind a pair weighs on both sides alike. A fork is a JMH fork as the benchmark
 * declares it (its own JVM, with its JVM flags), with {@value #WARMUP_SECONDS} s of warm-up and
 * {@value #MEASURE_SECONDS} one-second iterations.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar dev.weft.bench.AlternatingForks
 * pairs [benchmark [first second [param=value ...]]]}:
 * <ul>
 *   <li>{@code AlternatingForks 6}: every {@link SchedulerBench} benchmark, Weft against the
 *       JDK's scheduler;</li>
 *   <li>{@code AlternatingForks 6 handoffPingPong}: one of them ({@code spawnAndJoin},
 *       {@code spawnAndJoinFromGoroutine}, {@code handoffPingPong}, {@code yield});</li>
 *   <li>{@code AlternatingForks 8 QueueOneToOneBench.transfer weft-mpmc jctools-mpmc}: any
 *       benchmark with an {@code impl} parameter, two of its values, and further parameters
 *       ({@code DequeStealBench.stealHeavy weft-deque jdk-lbd thieves=2}).</li>
 * </ul>
 */
public final class AlternatingForks {
    private static final int WARMUP_SECONDS = 5;
    private static final int MEASURE_SECONDS = 5;
    private static final List<String> SCHEDULER =
            List.of("spawnAndJoin", "spawnAndJoinFromGoroutine", "handoffPingPong", "yield");

    /** One benchmark, two values of its {@code impl} parameter, and further parameters. */
    private record Comparison(String benchmark, String first, String second, Map<String, String> params) {}

    public static void main(String[] args) throws RunnerException {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be at least 1, got " + pairs);
        }
        List<String> summary = new ArrayList<>();
        for (Comparison c : comparisons(Arrays.asList(args).subList(Math.min(1, args.length), args.length))) {
            double[] first = new double[pairs];
            double[] second = new double[pairs];
            double[] ratios = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                if (p % 2 == 0) {
                    first[p] = score(c, c.first());
                    second[p] = score(c, c.second());
                } else {
                    second[p] = score(c, c.second());
                    first[p] = score(c, c.first());
                }
                ratios[p] = first[p] / second[p];
                System.out.printf("%s pair %d (%s first): %s %.1f ns, %s %.1f ns, ratio %.2f%n",
                        c.benchmark(), p + 1, p % 2 == 0 ? c.first() : c.second(), c.first(), first[p],
                        c.second(), second[p], ratios[p]);
            }
            long atMostOne = Arrays.stream(ratios).filter(r -> r <= 1.0).count();
            summary.add(String.format("%s %s: %s median %.1f ns, %s median %.1f ns; %s/%s median %.2f "
                            + "(pairs %.2f-%.2f, %d of %d at most 1.0)",
                    c.benchmark(), c.params().isEmpty() ? "" : c.params(), c.first(), Median.of(first),
                    c.second(), Median.of(second), c.first(), c.second(), Median.of(ratios),
                    Arrays.stream(ratios).min().orElseThrow(), Arrays.stream(ratios).max().orElseThrow(),
                    atMostOne, pairs));
        }
        System.out.println();
        summary.forEach(System.out::println);
    }

    /** What the arguments after the count of pairs ask to compare. */
    private static List<Comparison> comparisons(List<String> args) {
        if (args.isEmpty()) {
            return SCHEDULER.stream().map(AlternatingForks::scheduler).toList();
        }
        String benchmark = args.get(0);
        if (!benchmark.contains(".")) {
            if (args.size() > 1 || !SCHEDULER.contains(benchmark)) {
                throw new IllegalArgumentException("no SchedulerBench benchmark named " + benchmark + "; one of " + SCHEDULER
                        + ", or Class.method first second [param=value ...]");
            }
            return List.of(scheduler(benchmark));
        }
        if (args.size() < 3) {
            throw new IllegalArgumentException(benchmark + " needs the two impl values to compare");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String kv : args.subList(3, args.size())) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a parameter is name=value, got " + kv);
            }
            params.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return List.of(new Comparison(benchmark, args.get(1), args.get(2), params));
    }

    private static Comparison scheduler(String method) {
        return new Comparison(SchedulerBench.class.getSimpleName() + "." + method, "weft", "jdk", Map.of());
    }

    /** One fork of the comparison's benchmark for {@code impl}: its mean, ns per operation. */
    private static double score(Comparison c, String impl) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(AlternatingForks.class.getPackageName() + "." + c.benchmark() + "$")
                .param("impl", impl)
                .forks(1)
                .warmupIterations(WARMUP_SECONDS)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(MEASURE_SECONDS)
                .measurementTime(TimeValue.seconds(1))
                .verbosity(VerboseMode.SILENT);
        c.params().forEach(options::param);
        RunResult result = new Runner(options.build()).runSingle();
        return result.getPrimaryResult().getScore();
    }
}
