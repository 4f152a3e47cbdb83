package dev.weft.examples;

import static dev.weft.fluent.Go.go;

import dev.weft.fluent.Go;
import dev.weft.net.Conn;
import dev.weft.net.Listener;
import dev.weft.net.NetClosedException;
import dev.weft.sync.WaitGroup;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Go's echo server and its clients in Java on {@code dev.weft.net}: a goroutine per connection
 * copies back what it reads; each client sends random messages and reads each echo back under a
 * read deadline, so a lost echo fails instead of hanging. Run: {@code JavaEcho [clients] [messages]}.
 */
public final class JavaEcho {
    private JavaEcho() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (Listener ln = Go.listen("127.0.0.1:0")) {
            go("acceptor", () -> {
                try {
                    while (true) {
                        Conn c = ln.accept();
                        go(() -> {
                            try (c) {
                                echo(c);
                            }
                        });
                    }
                } catch (NetClosedException listenerClosed) {
                    // the server is shutting down
                }
            });
            WaitGroup wg = new WaitGroup();
            AtomicInteger mismatches = new AtomicInteger();
            for (int i = 0; i < clients; i++) {
                wg.go(() -> {
                    try (Conn c = Go.dial(Duration.ofSeconds(5), ln.addr())) {
                        byte[] out = new byte[64];
                        byte[] back = new byte[64];
                        for (int m = 0; m < messages; m++) {
                            ThreadLocalRandom.current().nextBytes(out);
                            c.write(out);
                            c.setReadDeadline(Instant.now().plusSeconds(30));
                            readFully(c, back);
                            if (!Arrays.equals(out, back)) {
                                mismatches.incrementAndGet();
                            }
                        }
                    }
                });
            }
            wg.await();
            System.out.printf("echo: %d clients, %d messages, %s%n", clients, clients * messages,
                    mismatches.get() == 0 ? "every echo matched" : mismatches.get() + " mismatched");
        }
    }

    /** Copies back everything the peer sends until it closes its side. */
    private static void echo(Conn c) throws IOException {
        byte[] buf = new byte[1024];
        for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) {
            c.write(buf, 0, n);
        }
    }

    private static void readFully(Conn c, byte[] b) throws IOException {
        for (int off = 0; off < b.length; ) {
            int n = c.read(b, off, b.length - off);
            if (n < 0) {
                throw new IOException("the server closed after " + off + " of " + b.length + " bytes");
            }
            off += n;
        }
    }
}
