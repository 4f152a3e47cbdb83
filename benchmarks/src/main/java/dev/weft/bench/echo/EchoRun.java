package dev.weft.bench.echo;

import dev.weft.bench.GoProgram;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 * <p>{@code -Dservers=weft-net,go} runs only the servers named.
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
        System.out.println("| server | connections | round trips/s | p50 µs | p99 µs | server CPU µs per round trip |");
        System.out.println("|---|---|---|---|---|---|");
        for (int conns : counts) {
            for (String server : servers) {
                Process p = new ProcessBuilder(serverCommand(server, java, cp, go)).redirectErrorStream(true).start();
                try {
                    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    int port = awaitReady(server, out);
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
                        }
                    }
                    load.waitFor();
                    if (result == null) {
                        System.out.printf("| %s | %,d | failed | | | |%n", server, conns);
                        continue;
                    }
                    String[] f = result.split(" ");
                    // The server's CPU time over the window in which the client counted round
                    // trips (after its warm-up), per round trip counted.
                    double cpuPerTrip = cpu / 1e3 / Long.parseLong(f[4]);
                    System.out.printf("| %s | %,d | %,d | %s | %s | %.1f |%n", server, conns, Long.parseLong(f[1]), f[2], f[3], cpuPerTrip);
                } finally {
                    p.destroy();
                    p.waitFor();
                }
            }
        }
    }

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
