package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Go's {@code net.Dialer} and {@code net.ListenConfig}: dialling and listening with options. */
class DialerAndListenConfigTest {
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private <T extends AutoCloseable> T kept(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void aDialerBindsItsLocalAddressAndDialsOnlyThatFamily() throws Exception {
        Listener ln = kept(Net.listen("127.0.0.1:0"));
        Conn c = kept(Dialer.DEFAULT.withLocalAddr("127.0.0.1:0").dial(ln.addr()));
        Conn accepted = kept(ln.accept());
        assertTrue(c.localAddr().startsWith("127.0.0.1:"), c.localAddr());
        assertEquals(c.localAddr(), accepted.remoteAddr());

        // a name with an address of each family: only the local address's family is dialled
        int port = ln.port();
        Listener v6 = kept(Net.listen("[::1]:" + port));
        Conn fromV6 = kept(Dialer.DEFAULT.withLocalAddr("[::1]:0").dial(TestResolver.IPV4_THEN_IPV6 + ":" + port));
        assertEquals("[::1]:" + port, fromV6.remoteAddr());
        kept(v6.accept());

        UnknownHostException none = assertThrows(UnknownHostException.class,
                () -> Dialer.DEFAULT.withLocalAddr("[::1]:0").dial(ln.addr()));
        assertEquals("dial " + ln.addr() + ": no address of the local address [::1]:0's family", none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dialer.DEFAULT.withLocalAddr("127.0.0.1").dial(ln.addr()));

        // a connected UDP socket binds it too: its datagrams come from there
        PacketConn peer = kept(Net.listenPacket("udp", "127.0.0.1:0"));
        Conn udp = kept(Dialer.DEFAULT.withLocalAddr("127.0.0.1:0").dial("udp", peer.localAddr()));
        assertTrue(udp.localAddr().startsWith("127.0.0.1:"), udp.localAddr());
        udp.write(new byte[] {7});
        assertEquals(udp.localAddr(), peer.readFrom(new byte[1], 0, 1).from());
    }

    @Test
    void aDialersKeepAliveTimeoutAndDeadline() throws Exception {
        Listener ln = kept(Net.listen("127.0.0.1:0"));
        Conn thirty = kept(Dialer.DEFAULT.withKeepAlive(Duration.ofSeconds(30)).dial(ln.addr()));
        assertEquals(true, NetTest.option(thirty, StandardSocketOptions.SO_KEEPALIVE));
        assertEquals(30, NetTest.option(thirty, ExtendedSocketOptions.TCP_KEEPIDLE));
        Conn off = kept(Dialer.DEFAULT.withKeepAlive(Duration.ofSeconds(-1)).dial(ln.addr()));
        assertEquals(false, NetTest.option(off, StandardSocketOptions.SO_KEEPALIVE));
        Conn byDefault = kept(Dialer.DEFAULT.dial(ln.addr()));
        assertEquals(15, NetTest.option(byDefault, ExtendedSocketOptions.TCP_KEEPIDLE));

        Conn saturated = kept(Dialer.DEFAULT.withTimeout(Duration.ofSeconds(Long.MAX_VALUE))
                .withDeadline(Instant.MAX).dial(ln.addr()));
        assertFalse(saturated.isClosed());
        Dialer past = Dialer.DEFAULT.withTimeout(Duration.ofDays(365)).withDeadline(Instant.now().minusSeconds(1));
        assertThrows(DeadlineExceededException.class, () -> past.dial(ln.addr()));
        assertThrows(DeadlineExceededException.class, () -> Dialer.DEFAULT.withTimeout(Duration.ZERO).dial(ln.addr()));
        assertThrows(NullPointerException.class, () -> Dialer.DEFAULT.withKeepAlive(null));
        assertThrows(NullPointerException.class, () -> Dialer.DEFAULT.withFallbackDelay(null));
        assertEquals(Duration.ofDays(365), past.timeout());
        assertEquals(null, past.withTimeout(null).timeout(), "a null timeout clears it");
    }

    /**
     * The IPv4 address of the name does not answer (a full backlog); its IPv6 address listens.
     * With a fallback delay the dial races the families and connects over IPv6; with a negative
     * one it dials in turn, and the IPv4 attempt takes the whole timeout.
     */
    @Test
    void theFallbackDelayStartsTheOtherFamilyOrADialTakesTheFamiliesInTurn() throws Exception {
        try (ServerSocketChannel silent = ServerSocketChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            int port = ((InetSocketAddress) silent.getLocalAddress()).getPort();
            Listener v6 = kept(Net.listen("[::1]:" + port));
            for (int i = 0; i < 2; i++) {        // a backlog of 1 queues two; the kernel drops later SYNs
                kept(SocketChannel.open(silent.getLocalAddress()));
            }
            String name = TestResolver.IPV4_THEN_IPV6 + ":" + port;
            Conn raced = kept(Dialer.DEFAULT.withFallbackDelay(Duration.ofMillis(20)).withTimeout(Duration.ofSeconds(30)).dial(name));
            assertEquals("[::1]:" + port, raced.remoteAddr());
            kept(v6.accept());
            Dialer inTurn = Dialer.DEFAULT.withFallbackDelay(Duration.ofMillis(-1)).withTimeout(Duration.ofMillis(500));
            assertThrows(DeadlineExceededException.class, () -> inTurn.dial(name));
        }
    }

    @Test
    void aSharedPortTakesSeveralListenersAndAcceptedConnectionsTakeTheKeepAlive() throws Exception {
        ListenConfig shared = ListenConfig.DEFAULT.withReusePort(true);
        Listener a = kept(shared.listen("tcp", "127.0.0.1:0"));
        Listener b = kept(shared.listen("tcp", a.addr()));
        assertEquals(a.addr(), b.addr());
        assertThrows(BindException.class, () -> kept(Net.listen(a.addr())));
        PacketConn p = kept(shared.listenPacket("udp", "127.0.0.1:0"));
        PacketConn q = kept(shared.listenPacket("udp", p.localAddr()));
        assertEquals(p.localAddr(), q.localAddr());
        Path dir = Files.createTempDirectory("weft-listen");
        Path file = dir.resolve("s");
        assertEquals("listen unix: a Unix domain socket's address cannot be shared (SO_REUSEPORT)",
                assertThrows(UnsupportedOperationException.class, () -> shared.listen("unix", file.toString())).getMessage());
        assertFalse(Files.exists(file), "nothing was made");
        Files.delete(dir);

        Listener quiet = kept(ListenConfig.DEFAULT.withKeepAlive(Duration.ofSeconds(-1)).listen("tcp", "127.0.0.1:0"));
        kept(Net.dial(quiet.addr()));
        assertEquals(false, NetTest.option(kept(quiet.accept()), StandardSocketOptions.SO_KEEPALIVE));
        Listener slow = kept(ListenConfig.DEFAULT.withKeepAlive(Duration.ofSeconds(40)).listen("tcp", "127.0.0.1:0"));
        kept(Net.dial(slow.addr()));
        assertEquals(40, NetTest.option(kept(slow.accept()), ExtendedSocketOptions.TCP_KEEPIDLE));
        assertThrows(NullPointerException.class, () -> ListenConfig.DEFAULT.withKeepAlive(null));
    }
}
