package dev.weft.bench.echo;

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
 * (as {@link EchoRun} does), reads its heap in use after a collection, opens that many
 * connections from a client process, makes one round trip on each (so every connection has its
 * goroutine, thread or channel parked in a read), reads the heap again, and prints the
 * difference per connection. The Go server counts its heap and goroutine stacks.
 */
public final class EchoIdle {
    private EchoIdle() {}

    /** The client: {@code EchoIdle client <port> <connections>}; prints {@code IDLE}, holds until stdin ends. */
    private static void client(int port, int conns) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        byte[] msg = new byte[64];
        for (int i = 0; i < conns; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            sockets.add(s);
            s.getOutputStream().write(msg);
            InputStream in = s.getInputStream();
            for (int off = 0; off < 64; ) {
                off += in.read(new byte[64 - off]);
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
            client(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int conns = Integer.parseInt(args[0]);
        String java = ProcessHandle.current().info().command().orElseThrow();
        String cp = System.getProperty("java.class.path");
        List<String> servers = new ArrayList<>(EchoRun.JVM_SERVERS);
        Path go = EchoRun.buildGo();
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
                long before = heap(in, out);
                Process client = new ProcessBuilder(java, "-cp", cp, EchoIdle.class.getName(), "client",
                        Integer.toString(port), Integer.toString(conns)).redirectErrorStream(true).start();
                BufferedReader cout = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                String line = cout.readLine();
                if (!"IDLE".equals(line)) {
                    throw new IllegalStateException("the client failed: " + line);
                }
                long after = heap(in, out);
                System.out.printf("| %s | %,d | %,d |%n", server, conns, (after - before) / conns);
                try (OutputStream release = client.getOutputStream()) {
                    release.write('\n');
                }
                client.waitFor();
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
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
