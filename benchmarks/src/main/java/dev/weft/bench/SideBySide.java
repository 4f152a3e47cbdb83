package dev.weft.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The channel workloads side by side in one run: Go (built from {@code benchmarks/go/chans}
 * when {@code go} is on the {@code PATH}, at {@code GOMAXPROCS} 1 and 2), kotlinx.coroutines,
 * jox, the JDK and Weft, plus Weft's own code on the JDK's scheduler as a control
 * ({@code weft-fjp}: the same benchmark in a fork without the add-opens Weft's scheduler
 * needs). Every implementation runs the same counts and sums the same values. Prints a
 * Markdown table of medians (nanoseconds per operation, of 5 one-second iterations after 3 of
 * warm-up; Go's likewise) and, per row, Weft's time over the fastest peer's. A second table puts
 * the ping-pong's Go and Weft figures beside {@link SwitchFloorBench}: what the same handoff costs
 * with no channel, on bare virtual threads and on two spinning cores.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.weft.bench.SideBySide}</pre>
 */
public final class SideBySide {
    private SideBySide() {}

    /** One row: a JMH benchmark method, the implementations it has, and the Go program's name for it. */
    private record Workload(String label, String benchmark, List<String> impls, String go) {}

    private static final List<Workload> WORKLOADS = List.of(
            new Workload("unbuffered ping-pong, ns per round trip", "ChanPingPongBench.roundTrip",
                    List.of("weft", "kotlinx-1thread", "kotlinx-default", "jox-vt", "jdk-sq-vt"), "pingPong"),
            new Workload("select over 2 channels, ns per select", "ChanSelectBench.selectTwo",
                    List.of("weft", "kotlinx-1thread", "kotlinx-default", "jox-vt"), "selectTwo"),
            new Workload("1 → 1 over capacity 1,024, ns per element", "ChanThroughputBench.oneToOne",
                    List.of("weft", "kotlinx-1thread", "kotlinx-default", "jox-vt", "jdk-abq-vt"), "oneToOne"),
            new Workload("8 → 1 over capacity 1,024, ns per element", "ChanThroughputBench.eightToOne",
                    List.of("weft", "kotlinx-1thread", "kotlinx-default", "jox-vt", "jdk-abq-vt"), "eightToOne"),
            new Workload("fan out 8 and wait, ns per round", "WaitGroupBench.fanOutAndWait",
                    List.of("weft", "kotlinx-1thread", "kotlinx-default", "countdownlatch-vt"), "fanOutAndWait"));

    /** The table's peer columns, in order; a JDK column takes whichever JDK implementation the row has. */
    private static final List<String> COLUMNS = List.of("go P=1", "go P=2", "kotlinx-1thread", "kotlinx-default",
            "jox-vt", "jdk", "weft", "weft-fjp");

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
        for (Workload w : WORKLOADS) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (RunResult r : jmh(w, w.impls(), false)) {
                String impl = r.getParams().getParam("impl");
                row.put(impl.startsWith("jdk-") || impl.startsWith("countdownlatch") ? "jdk" : impl, median(r));
            }
            for (RunResult r : jmh(w, List.of("weft"), true)) {
                row.put("weft-fjp", median(r));
            }
            rows.put(w.label(), row);
        }
        Path go = GoProgram.build("chans");
        if (go != null) {
            for (int procs = 1; procs <= 2; procs++) {
                for (String[] line : runGo(go, procs)) {
                    for (Workload w : WORKLOADS) {
                        if (w.go().equals(line[0])) {
                            rows.get(w.label()).put("go P=" + procs, Double.parseDouble(line[1]));
                        }
                    }
                }
            }
        }
        print(rows);
        printFloors(rows.get(WORKLOADS.get(0).label()));
    }

    /** {@link SwitchFloorBench}'s implementations, with the headings of their columns. */
    private static final Map<String, String> FLOORS = new LinkedHashMap<>();

    static {
        FLOORS.put("vt-one-carrier", "2 JDK virtual threads, bare 1-carrier executor");
        FLOORS.put("weft-park", "2 goroutines, park/unpark, no channel");
        FLOORS.put("threads-two-cores", "2 platform threads spinning, 2 cores");
    }

    /**
     * The second table: the ping-pong row's Go and Weft figures beside what the same handoff
     * costs without a channel ({@link SwitchFloorBench}), run in the same invocation.
     */
    private static void printFloors(Map<String, Double> pingPong) throws Exception {
        Workload floors = new Workload("floors", "SwitchFloorBench.roundTrip", List.copyOf(FLOORS.keySet()), "");
        Map<String, Double> row = new LinkedHashMap<>();
        for (RunResult r : jmh(floors, floors.impls(), false)) {
            row.put(r.getParams().getParam("impl"), median(r));
        }
        List<String> heads = new ArrayList<>(List.of("go P=1", "go P=2"));
        heads.addAll(FLOORS.values());
        heads.add("weft channels");
        StringBuilder sb = new StringBuilder("\n| ns per ping-pong round trip | ");
        sb.append(String.join(" | ", heads)).append(" |\n|---|").append("---|".repeat(heads.size())).append("\n| |");
        List<Double> values = new ArrayList<>(List.of(pingPong.getOrDefault("go P=1", Double.NaN),
                pingPong.getOrDefault("go P=2", Double.NaN)));
        for (String impl : FLOORS.keySet()) {
            values.add(row.getOrDefault(impl, Double.NaN));
        }
        values.add(pingPong.getOrDefault("weft", Double.NaN));
        for (double v : values) {
            sb.append(Double.isNaN(v) ? " —" : String.format(" %.1f", v)).append(" |");
        }
        System.out.println(sb.append('\n'));
    }

    /** Runs {@code w} for {@code impls}; {@code control}: in a fork without Weft's add-opens, so on the JDK's scheduler. */
    private static List<RunResult> jmh(Workload w, List<String> impls, boolean control) throws Exception {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(w.benchmark().replace(".", "\\.") + "$")
                .param("impl", impls.toArray(new String[0]))
                .forks(1).warmupIterations(3).measurementIterations(5)
                .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        if (control) {
            o.jvmArgsAppend("-D" + Peers.CONTROL + "=jdk-scheduler");   // replaces the add-opens of @Fork
        }
        return new ArrayList<>(new Runner(o.build()).run());
    }

    private static double median(RunResult r) {
        return r.getPrimaryResult().getStatistics().getPercentile(50);
    }

    /** The Go program's lines ({@code workload median checksum}) at {@code GOMAXPROCS=procs}. */
    private static List<String[]> runGo(Path go, int procs) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(go.toString()).redirectErrorStream(true);
        pb.environment().put("GOMAXPROCS", Integer.toString(procs));
        Process p = pb.start();
        List<String[]> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line.trim().split("\\s+"));
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the Go program failed: " + lines);
        }
        return lines;
    }

    private static void print(Map<String, Map<String, Double>> rows) {
        StringBuilder sb = new StringBuilder("\n| workload | ");
        sb.append(String.join(" | ", COLUMNS)).append(" | weft / fastest peer |\n|---|");
        sb.append("---|".repeat(COLUMNS.size() + 1)).append('\n');
        for (Map.Entry<String, Map<String, Double>> e : rows.entrySet()) {
            Map<String, Double> row = e.getValue();
            sb.append("| ").append(e.getKey()).append(" |");
            double best = Double.MAX_VALUE;
            for (String c : COLUMNS) {
                Double v = row.get(c);
                sb.append(' ').append(v == null ? "—" : String.format("%.1f", v)).append(" |");
                if (v != null && !c.startsWith("weft")) {
                    best = Math.min(best, v);
                }
            }
            Double weft = row.get("weft");
            sb.append(' ').append(weft == null || best == Double.MAX_VALUE ? "—" : String.format("%.2f×", weft / best)).append(" |\n");
        }
        System.out.print(sb);
    }
}
