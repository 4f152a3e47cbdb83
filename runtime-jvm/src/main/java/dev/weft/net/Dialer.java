package dev.weft.net;

import dev.weft.internal.Nanos;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How to dial (Go's {@code net.Dialer}): a timeout and a deadline, the local address to dial
 * from, the keep-alive period of the TCP connections made and the Happy Eyeballs fallback delay.
 * Immutable: each {@code with} method returns a changed copy, so a dialer can be shared.
 *
 * <pre>{@code
 * Dialer dialer = Dialer.DEFAULT.withTimeout(Duration.ofSeconds(5)).withKeepAlive(Duration.ofSeconds(30));
 * try (Conn c = dialer.dial("tcp", "example.com:80")) { ... }
 * }</pre>
 *
 * A dial waits as {@link Net#dial(String, String)} does: it parks a goroutine, not its worker,
 * and an interrupt or the current context's end abandons it.
 */
public final class Dialer {
    /** Go's zero {@code Dialer}: no timeout, any local address, keep-alive every 15 s, fallback after 300 ms. */
    public static final Dialer DEFAULT = new Dialer(null, null, null, Duration.ZERO, Duration.ZERO);

    private final Duration timeout;
    private final Instant deadline;
    private final String localAddr;
    private final Duration keepAlive;
    private final Duration fallbackDelay;

    private Dialer(Duration timeout, Instant deadline, String localAddr, Duration keepAlive, Duration fallbackDelay) {
        this.timeout = timeout;
        this.deadline = deadline;
        this.localAddr = localAddr;
        this.keepAlive = keepAlive;
        this.fallbackDelay = fallbackDelay;
    }

    /**
     * This dialer giving up after {@code timeout} (null: none) with
     * {@link DeadlineExceededException}; the lookup and the addresses of a name share the time,
     * as in Go. A zero or negative timeout has already expired; a huge one saturates.
     */
    public Dialer withTimeout(Duration timeout) {
        return new Dialer(timeout, deadline, localAddr, keepAlive, fallbackDelay);
    }

    /** This dialer giving up at {@code deadline} (null: none), or at its timeout if that comes first. */
    public Dialer withDeadline(Instant deadline) {
        return new Dialer(timeout, deadline, localAddr, keepAlive, fallbackDelay);
    }

    /**
     * This dialer binding each socket to {@code address} before it connects (null: any, the
     * system's choice): a {@code "host:port"} whose host is an IP address, or empty for any
     * interface, and whose port may be 0 for any; for {@code "unix"}, a path for the socket
     * file. As in Go, only the remote addresses of its family are dialled. It is parsed when
     * dialling, by the dialled network's rules.
     */
    public Dialer withLocalAddr(String address) {
        return new Dialer(timeout, deadline, address, keepAlive, fallbackDelay);
    }

    /**
     * This dialer's TCP connections sending keep-alive probes after {@code period} idle, and
     * every {@code period} after that (see {@link Conn#setKeepAlivePeriod}); zero means Go's
     * default, 15 seconds, and a negative period turns keep-alive off.
     */
    public Dialer withKeepAlive(Duration period) {
        return new Dialer(timeout, deadline, localAddr, Objects.requireNonNull(period, "period"), fallbackDelay);
    }

    /**
     * This dialer starting the other IP family's addresses of a {@code "tcp"} name after
     * {@code delay} (Happy Eyeballs); zero means Go's default, 300 ms, and a negative delay
     * dials every address in turn, the other family's last, as Go does.
     */
    public Dialer withFallbackDelay(Duration delay) {
        return new Dialer(timeout, deadline, localAddr, keepAlive, Objects.requireNonNull(delay, "delay"));
    }

    /** The timeout; null if none. */
    public Duration timeout() {
        return timeout;
    }

    /** The deadline; null if none. */
    public Instant deadline() {
        return deadline;
    }

    /** The local address; null for any. */
    public String localAddr() {
        return localAddr;
    }

    /** The keep-alive period: zero for the default, negative for none. */
    public Duration keepAlive() {
        return keepAlive;
    }

    /** The fallback delay: zero for the default, negative for none. */
    public Duration fallbackDelay() {
        return fallbackDelay;
    }

    /** Connects to {@code address} over TCP, as {@link Net#dial(String)} does, by this dialer's options. */
    public Conn dial(String address) throws IOException {
        return dial(Network.TCP, address);
    }

    /**
     * Connects to {@code address} of {@code network}, as {@link Net#dial(String, String)} does,
     * by this dialer's options.
     *
     * @throws IllegalArgumentException      if {@code network} is unknown or an address malformed
     * @throws UnknownHostException          if the host has no address of the network's family,
     *                                       or none of the local address's
     * @throws DeadlineExceededException     if the timeout or the deadline passes first
     */
    public Conn dial(String network, String address) throws IOException {
        return dial(Network.of(network, "dial"), address);
    }

    /**
     * The lookup counts against the timeout, as in Go, and parks a goroutine rather than its
     * worker ({@link Resolver}); the attempts are {@link Dial}'s.
     */
    Conn dial(Network network, String address) throws IOException {
        Instant end = timeout == null ? null : Nanos.plus(Instant.now(), timeout);   // saturates
        if (deadline != null && (end == null || deadline.isBefore(end))) {
            end = deadline;
        }
        String what = "dial " + address;
        SocketAddress local = localAddr == null ? null : Addresses.parse(network, localAddr, true);
        List<? extends SocketAddress> addresses = Addresses.resolveAll(network, address, end, what);
        if (local instanceof InetSocketAddress l) {
            boolean ipv4 = l.getAddress() instanceof Inet4Address;
            addresses = addresses.stream().filter(a -> Dial.isIpv4(a) == ipv4).toList();
            if (addresses.isEmpty()) {
                throw new UnknownHostException(what + ": no address of the local address " + localAddr + "'s family");
            }
        }
        return network.isStream()
                ? Dial.dial(network, addresses, address, end, local, fallbackDelay, keepAlive)
                : dialPacket(network, addresses.get(0), local);
    }

    /**
     * A UDP socket connected to {@code a}: the kernel only notes the peer, so it neither waits
     * nor fails for want of one. Broadcast is allowed, as Go allows it on every UDP socket.
     */
    private static Conn dialPacket(Network network, SocketAddress a, SocketAddress local) throws IOException {
        DatagramChannel ch = network.openPacket();
        try {
            ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            if (local != null) {
                ch.bind(local);
            }
            ch.connect(a);
            return new Conn(ch, new PollDesc(ch));
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Dialer[timeout=" + timeout + ", deadline=" + deadline + ", localAddr=" + localAddr
                + ", keepAlive=" + keepAlive + ", fallbackDelay=" + fallbackDelay + "]";
    }
}
