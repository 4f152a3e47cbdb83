package dev.weft.examples;

import static dev.weft.fluent.Go.go;

import dev.weft.fluent.Go;
import dev.weft.net.Conn;
import dev.weft.net.Datagram;
import dev.weft.net.DeadlineExceededException;
import dev.weft.net.NetClosedException;
import dev.weft.net.PacketConn;
import dev.weft.sync.WaitGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * UDP as Go writes it, on {@code dev.weft.net}: a server answers each datagram from a
 * {@code PacketConn}, dropping every fifth one as a lossy network would; each client dials the
 * server over UDP (a connected socket: its reads see the server's datagrams only), sends
 * numbered pings and waits for each pong under a read deadline, sending the ping again when the
 * deadline passes. Run: {@code UdpPing [clients] [pings]}.
 */
public final class UdpPing {
    private UdpPing() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int pings = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        try (PacketConn server = Go.listenPacket("udp4", "127.0.0.1:0")) {
            go("pong", () -> {
                try {
                    serve(server);
                } catch (NetClosedException closed) {
                    // the server is shutting down
                }
            });
            WaitGroup wg = new WaitGroup();
            AtomicInteger resent = new AtomicInteger();
            for (int i = 0; i < clients; i++) {
                wg.go(() -> {
                    try (Conn c = Go.dial(Duration.ofSeconds(5), "udp4", server.localAddr())) {
                        for (int p = 0; p < pings; p++) {
                            resent.addAndGet(ping(c, p));
                        }
                    }
                });
            }
            wg.await();
            System.out.printf("udp: %d clients, %d pings, each answered%s%n", clients, clients * pings,
                    resent.get() > 0 ? " (some after a resend)" : "");
        }
    }

    /** Answers "ping n" with "pong n", dropping every fifth datagram. */
    private static void serve(PacketConn server) throws IOException {
        byte[] buf = new byte[64];
        for (long seen = 1; ; seen++) {
            Datagram d = server.readFrom(buf, 0, buf.length);
            if (seen % 5 == 0) {
                continue;                            // lost on the way
            }
            String pong = "pong" + new String(buf, 4, d.length() - 4, StandardCharsets.US_ASCII);
            byte[] out = pong.getBytes(StandardCharsets.US_ASCII);
            server.writeTo(out, 0, out.length, d.from());
        }
    }

    /** Sends ping {@code n} until its pong comes back; returns how many times it was sent again. */
    private static int ping(Conn c, int n) throws IOException {
        byte[] ping = ("ping " + n).getBytes(StandardCharsets.US_ASCII);
        String want = "pong " + n;
        byte[] buf = new byte[64];
        for (int resends = 0; ; resends++) {
            c.write(ping);
            c.setReadDeadline(Instant.now().plusMillis(100));
            try {
                while (true) {
                    int got = c.read(buf, 0, buf.length);
                    if (new String(buf, 0, got, StandardCharsets.US_ASCII).equals(want)) {
                        return resends;
                    }
                    // a late pong to an earlier ping: keep waiting for this one's
                }
            } catch (DeadlineExceededException lost) {
                // the ping or its pong was dropped: send it again
            }
        }
    }
}
