package dev.weft.bench.echo;

import dev.weft.bench.GoProgram;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap per idle connection of each echo server: {@code EchoIdle <connections>} starts each server
 * (as {@link EchoRun} does), warms it up ({@value #CHURN_ROUNDS} rounds of that many connections
 * opened, used and closed, then that many more kept open), reads its heap in use after a collection, opens that many more connections from
 * a second client process, makes one round trip on each (so every connection has its goroutine,
 * thread or channel parked in a read), reads the heap again, and prints the difference per
 * connection. The Go server counts its heap and goroutine stacks.
 */
public final class EchoIdle {
    /** Round trips per warm-up connection: enough for the JIT to compile the servers' paths. */
    private static final int WARM_UP_ROUNDS = 20;
    /**
     * Rounds of connections opened and closed before the measured ones: the code a server runs
     * once per connection (its accept loop, its per-connection handler's entry) is called once per
     * connection, so only thousands of connections bring it to the JIT's last tier, and a
     * goroutine or virtual thread that first parks under less compiled frames keeps a larger
     * saved stack for its life.
     */
    private static final int CHURN_ROUNDS = 3;

    private EchoIdle() {}

    /**
     * The client: {@code EchoIdle client <port> <connections> <round trips>}: makes that many
     * round trips on each connection, prints {@code IDLE}, and holds them until stdin ends.
     */
    private static void client(int port, int conns, int rounds) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        byte[] msg = new byte[64];
        for (int i = 0; i < conns; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            sockets.add(s);
            InputStream in = s.getInputStream();
            for (int r = 0; r < rounds; r++) {
                s.getOutputStream().write(msg);
                for (int off = 0; off < 64; ) {
                    off += in.read(new byte[64 - off]);
                }
            }
        }
        System.out.println("IDLE");
        System.in.read();
        for (Socket s : sockets) {
            s.close();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("client")) {
            client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int conns = Integer.parseInt(args[0]);
        String java = ProcessHandle.current().info().command().orElseThrow();
        String cp = System.getProperty("java.class.path");
        List<String> servers = new ArrayList<>(EchoRun.JVM_SERVERS);
        Path go = GoProgram.build("echo");
        if (go != null) {
            servers.add("go");
        }
        System.out.println("| server | idle connections | heap per connection, bytes |");
        System.out.println("|---|---|---|");
        for (String server : servers) {
            Process p = new ProcessBuilder(EchoRun.serverCommand(server, java, cp, go)).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintStream in = new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8);
                int port = EchoRun.awaitReady(server, out);
                // The first connections warm the server's code up (a cold JVM interprets, and an
                // interpreted frame saved with a parked goroutine or thread is several times its
                // compiled size); the last of them stay open, so both readings include them.
                for (int i = 0; i < CHURN_ROUNDS; i++) {
                    release(idleClient(java, cp, port, conns, WARM_UP_ROUNDS));
                }
                Process warm = idleClient(java, cp, port, conns, WARM_UP_ROUNDS);
                long before = heap(in, out);
                Process measured = idleClient(java, cp, port, conns, 1);
                long after = heap(in, out);
                System.out.printf("| %s | %,d | %,d |%n", server, conns, (after - before) / conns);
                release(warm);
                release(measured);
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
    }

    /** Starts a client holding {@code conns} connections, each after {@code rounds} round trips; returns once they are all idle. */
    private static Process idleClient(String java, String cp, int port, int conns, int rounds) throws Exception {
        Process client = new ProcessBuilder(java, "-cp", cp, EchoIdle.class.getName(), "client",
                Integer.toString(port), Integer.toString(conns), Integer.toString(rounds)).redirectErrorStream(true).start();
        BufferedReader cout = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        String line = cout.readLine();
        if (!"IDLE".equals(line)) {
            throw new IllegalStateException("the client failed: " + line);
        }
        return client;
    }

    /** Lets a client close its connections and end. */
    private static void release(Process client) throws Exception {
        try (OutputStream release = client.getOutputStream()) {
            release.write('\n');
        }
        client.waitFor();
    }

    private static long heap(PrintStream in, BufferedReader out) throws Exception {
        in.println("HEAP");
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("HEAP ")) {
                return Long.parseLong(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("the server ended");
    }
}
