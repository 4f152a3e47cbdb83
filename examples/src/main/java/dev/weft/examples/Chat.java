package dev.weft.examples;

import static dev.weft.fluent.Go.chan;
import static dev.weft.fluent.Go.go;

import dev.weft.chan.Chan;
import dev.weft.net.Conn;
import dev.weft.net.Listener;
import dev.weft.net.Net;
import dev.weft.net.NetClosedException;
import dev.weft.sched.Goroutine;
import dev.weft.select.SelectBuilder;
import dev.weft.sync.WaitGroup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Go's classic chat server (The Go Programming Language, 8.10) on {@code dev.weft.net}: a
 * goroutine per connection, a writer goroutine per client fed by its own channel, and one
 * broadcaster goroutine that owns the set of clients, so nothing is shared but channels. Run:
 * {@code Chat [clients]} starts the server on a free port and that many clients, each of which
 * says hello; every client must hear every hello.
 */
public final class Chat {
    private final Chan<Chan<String>> entering = chan();
    private final Chan<Chan<String>> leaving = chan();
    private final Chan<String> messages = chan();

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (Listener ln = Net.listen("127.0.0.1:0")) {
            Chat chat = new Chat();
            Goroutine broadcaster = go("broadcaster", chat::broadcaster);
            go("acceptor", () -> {
                try {
                    while (true) {
                        Conn c = ln.accept();
                        go(() -> chat.handle(c));
                    }
                } catch (NetClosedException listenerClosed) {
                    // the server is shutting down
                }
            });
            int heard = talk(ln.addr(), clients);
            chat.entering.close();                 // no one else may enter: the broadcaster ends once all have left
            broadcaster.join();
            System.out.printf("chat: %d clients, each heard %s%n", clients,
                    heard == clients * clients ? "every hello" : heard + " hellos in all");
        }
    }

    /**
     * Go's {@code broadcaster}: the only goroutine that touches the set of clients. It ends when
     * {@code entering} is closed and every client has left.
     */
    private void broadcaster() {
        Set<Chan<String>> clients = new HashSet<>();
        Chan<Chan<String>> open = entering;
        while (open != null || !clients.isEmpty()) {
            boolean entered = SelectBuilder.<Boolean>select()
                    .recv(messages, msg -> {
                        for (Chan<String> c : clients) {
                            c.send(msg);
                        }
                        return true;
                    })
                    .recvOrClosed(open, r -> r.isOk() && clients.add(r.value()))   // a null channel: Go's nil case
                    .recv(leaving, c -> {
                        clients.remove(c);
                        c.close();
                        return true;
                    })
                    .run();
            if (!entered && open != null && open.isClosedForReceive()) {
                open = null;
            }
        }
    }

    /** Go's {@code handleConn}: a writer goroutine, then every line read becomes a message. */
    private void handle(Conn c) throws IOException {
        Chan<String> out = chan(16);
        go(() -> write(c, out));
        entering.send(out);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(c.inputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                messages.send(line);
            }
        } finally {
            leaving.send(out);
        }
    }

    private static void write(Conn c, Chan<String> out) throws IOException {
        OutputStream os = c.outputStream();
        for (String msg : out) {
            os.write((msg + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code n} clients each join, say hello and read until they have heard every hello; the hellos heard. */
    private static int talk(String address, int n) throws Exception {
        WaitGroup joined = new WaitGroup();
        WaitGroup done = new WaitGroup();
        int[] heard = new int[n];
        joined.add(n);
        for (int i = 0; i < n; i++) {
            int me = i;
            done.go(() -> {
                try (Conn c = Net.dial(Duration.ofSeconds(5), address)) {
                    c.setReadDeadline(Instant.now().plusSeconds(30));    // a lost message fails, not hangs
                    PrintWriter w = new PrintWriter(c.outputStream(), true, StandardCharsets.UTF_8);
                    BufferedReader r = new BufferedReader(new InputStreamReader(c.inputStream(), StandardCharsets.UTF_8));
                    w.println("joined " + me);
                    while (!("joined " + me).equals(r.readLine())) {
                        // hearing its own line back means the broadcaster has it as a client
                    }
                    joined.done();
                    joined.await();                                     // every client has entered
                    w.println("hello from " + me);
                    for (String line; heard[me] < n && (line = r.readLine()) != null; ) {
                        if (line.startsWith("hello from ")) {
                            heard[me]++;
                        }
                    }
                }
            });
        }
        done.await();
        int total = 0;
        for (int h : heard) {
            total += h;
        }
        return total;
    }
}
