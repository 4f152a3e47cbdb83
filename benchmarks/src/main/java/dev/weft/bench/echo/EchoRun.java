package dev.weft.bench.echo;

import dev.weft.bench.GoProgram;
import dev.weft.bench.Median;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The side-by-side echo run: every server (Weft {@code net}, Weft goroutines on {@code java.net},
 * JDK virtual threads, Netty NIO, and Go's {@code net} when {@code go} is installed) in a process
 * of its own, loaded by the same {@link EchoLoad} client at each connection count; prints a
 * Markdown table of round trips/s, p50/p99 latency and the server's CPU time per round trip.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.weft.bench.echo.EchoRun [seconds] [counts...]
 * }</pre>
 *
 * <p>{@code -Dservers=weft-net,go} runs only the servers named. {@code -Drounds=3} runs every
 * cell three times, the servers' order rotating from round to round, prints each result as it
 * comes and then the table of medians (each figure's median on its own).
 */
public final class EchoRun {
    private EchoRun() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 6;
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            counts.add(Integer.parseInt(args[i]));
        }
        if (counts.isEmpty()) {
            counts = List.of(100, 1_000, 10_000);
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        String cp = System.getProperty("java.class.path");
        List<String> servers = new ArrayList<>(JVM_SERVERS);
        Path go = GoProgram.build("echo");
        if (go != null) {
            servers.add("go");
        }
        String only = System.getProperty("servers");
        if (only != null) {
            servers.retainAll(List.of(only.split(",")));
        }
        int rounds = Integer.getInteger("rounds", 1);
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        // Every round runs every cell; the servers' order rotates from round to round, so a
        // slow period of the host does not always fall on the same server.
        Map<String, List<Cell>> cells = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int conns : counts) {
                for (int i = 0; i < servers.size(); i++) {
                    String server = servers.get((i + round) % servers.size());
                    Cell cell = measure(server, conns, seconds, java, cp, go);
                    if (rounds > 1) {
                        System.out.printf("round %d: %s%n", round + 1, cell == null ? server + " " + conns + " failed" : cell.row());
                    }
                    cells.computeIfAbsent(server + " " + conns, k -> new ArrayList<>()).add(cell);
                }
            }
        }
        System.out.println("| server | connections | round trips/s | p50 µs | p99 µs | server CPU µs per round trip |");
        System.out.println("|---|---|---|---|---|---|");
        for (int conns : counts) {
            for (String server : servers) {
                List<Cell> measured = cells.get(server + " " + conns).stream().filter(c -> c != null).toList();
                if (measured.size() < rounds) {
                    System.out.printf("| %s | %,d | failed %d of %d | | | |%n", server, conns, rounds - measured.size(), rounds);
                    continue;
                }
                System.out.println(Cell.median(measured).row());
            }
        }
    }

    /** One server at one connection count: what the client and the server's CPU time gave. */
    private record Cell(String server, int conns, double tripsPerSecond, double p50, double p99, double cpuPerTrip) {
        String row() {
            return String.format("| %s | %,d | %,.0f | %.0f | %.0f | %.1f |", server, conns, tripsPerSecond, p50, p99, cpuPerTrip);
        }

        /** The median of each figure on its own, over rounds of one cell. */
        static Cell median(List<Cell> of) {
            Cell first = of.get(0);
            return new Cell(first.server, first.conns, median(of, Cell::tripsPerSecond), median(of, Cell::p50),
                    median(of, Cell::p99), median(of, Cell::cpuPerTrip));
        }

        private static double median(List<Cell> of, ToDoubleFunction<Cell> figure) {
            return Median.of(of.stream().mapToDouble(figure).toArray());
        }
    }

    /** Runs {@code server} under the load of {@code conns} connections; null if the load failed. */
    private static Cell measure(String server, int conns, double seconds, String java, String cp, Path go) throws Exception {
        Process p = new ProcessBuilder(serverCommand(server, java, cp, go)).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int port = awaitReady(server, out);
            warmUp(port, java, cp);
            Process load = new ProcessBuilder(java, "-cp", cp, EchoLoad.class.getName(), Integer.toString(port),
                    Integer.toString(conns), Double.toString(seconds)).redirectErrorStream(true).start();
            String result = null;
            long cpu0 = 0;
            long cpu = 0;
            BufferedReader lr = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = lr.readLine()) != null; ) {
                if (line.equals("MEASURING")) {
                    cpu0 = cpuNanos(p.pid());
                } else if (line.equals("MEASURED")) {
                    cpu = cpuNanos(p.pid()) - cpu0;
                } else if (line.startsWith("RESULT ")) {
                    result = line;
                } else if (line.startsWith("FAILED ")) {
                    System.out.println(server + " " + conns + ": " + line + " connections of the load client");
                }
            }
            load.waitFor();
            if (result == null) {
                return null;
            }
            String[] f = result.split(" ");
            // The server's CPU time over the window in which the client counted round trips
            // (after its warm-up), per round trip counted.
            return new Cell(server, conns, Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    cpu / 1e3 / Long.parseLong(f[4]));
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /**
     * Warms the server up: {@value #WARM_UP_CONNECTIONS} connections echo for a few seconds and
     * are closed before the measured ones are opened. A JVM server's per-connection loop is
     * entered once per connection; the measured connections must enter it compiled, as they
     * would in a server that has run for a while. Otherwise each of their loops starts in the
     * interpreter and stays there until on-stack replacement moves it, which the interpreter
     * tries only once in every 1,024 back-edges of that loop over all the connections together:
     * at 10,000 connections most would stay interpreted through the whole cell, and every park
     * of a virtual thread whose stack holds an interpreted frame takes the JDK's slow path to
     * freeze and thaw it. Go and Netty have no such loop; the warm-up costs them nothing.
     */
    private static void warmUp(int port, String java, String cp) throws Exception {
        Process load = new ProcessBuilder(java, "-cp", cp, EchoLoad.class.getName(), Integer.toString(port),
                Integer.toString(WARM_UP_CONNECTIONS), "3").redirectErrorStream(true).start();
        load.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (load.waitFor() != 0) {
            throw new IllegalStateException("the warm-up load failed with exit status " + load.exitValue());
        }
    }

    /** How many connections warm a server up; more than the JIT needs to compile a loop entered once each. */
    private static final int WARM_UP_CONNECTIONS = 1_000;

    /** The servers in JVMs, in the order of the tables. */
    static final List<String> JVM_SERVERS = List.of("weft-net", "weft-net-selector", "weft-javanet", "jdk-vt", "netty");

    /** The command that starts {@code server} on any free port ({@code go}: the built Go server). */
    static List<String> serverCommand(String server, String java, String cp, Path go) {
        return server.equals("go") ? List.of(go.toString(), "0")
                : List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens",
                        // without sun.nio.ch, dev.weft.net polls with a java.nio Selector
                        server.equals("weft-net-selector") ? "java.base/java.lang=ALL-UNNAMED" : "java.base/sun.nio.ch=ALL-UNNAMED",
                        "-cp", cp, EchoServer.class.getName(), server, "0");
    }

    /** Reads the server's {@code READY <port>} line; returns the port. */
    static int awaitReady(String server, BufferedReader out) throws Exception {
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            throw new IllegalStateException(server + " did not start: " + ready);
        }
        return Integer.parseInt(ready.substring(6).trim());
    }

    /** User plus system CPU time of process {@code pid}, from {@code /proc}. */
    private static long cpuNanos(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime, stime
        return ticks * 10_000_000L;                                    // USER_HZ is 100
    }
}
