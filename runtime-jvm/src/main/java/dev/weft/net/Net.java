package dev.weft.net;

import dev.weft.internal.Netpoll;
import dev.weft.internal.Setting;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Go's {@code net} on goroutines: TCP and Unix domain sockets by {@link #listen} and
 * {@link #dial} (Go's network names: {@code "tcp"}, {@code "tcp4"}, {@code "tcp6"},
 * {@code "unix"}), UDP by {@link #listenPacket} and {@link #dial} ({@code "udp"},
 * {@code "udp4"}, {@code "udp6"}); names by {@link #lookupHost} and {@link #lookupIP}, which
 * park a goroutine rather than its worker; Go's {@link #splitHostPort} and {@link #joinHostPort}.
 * A {@link Dialer} dials and a {@link ListenConfig} listens with options (a local address,
 * keep-alive, a shared port), as Go's do.
 *
 * <pre>{@code
 * Listener ln = Net.listen("127.0.0.1:0");              // any free port
 * Weft.go(() -> {
 *     try (Conn c = ln.accept()) {                       // echo one connection
 *         byte[] buf = new byte[1024];
 *         for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) c.write(buf, 0, n);
 *     }
 * });
 * try (Conn c = Net.dial(ln.addr())) { ... }
 * }</pre>
 *
 * Addresses are Go's {@code "host:port"}: a host name, an IPv4 address or a bracketed IPv6 one
 * ({@code "[::1]:80"}); an empty host listens on every interface and dials this machine. A
 * malformed address or a port outside 0-65535 is an {@link IllegalArgumentException} at once.
 * Every operation that waits — {@code dial} (its name's lookup too), {@code accept},
 * {@code read}, {@code write} — parks the calling goroutine, never its worker, honours
 * deadlines, and follows Weft's rule for blocking operations (see the {@link dev.weft}
 * package): an interrupt or the current context's end abandons it and leaves the socket open.
 */
public final class Net {
    /**
     * The listen backlog: the system's maximum, as Go takes it (Linux's
     * {@code net.core.somaxconn}), so that a burst of dials is not refused; 4096 if unknown.
     */
    static final int BACKLOG = systemBacklog();
    static final String POLLERS_PROPERTY = "weft.pollers";
    static final String POLLERS_ENV = "WEFT_POLLERS";

    private Net() {}

    /**
     * How many poller threads (each with its epoll instance) the JVM runs, unless a scheduler's
     * builder asked first ({@link dev.weft.sched.Scheduler.Builder#pollers}): system property
     * {@code weft.pollers}, else environment variable {@code WEFT_POLLERS}, else 1; a value that
     * is not a positive integer up to 64 is an {@link IllegalArgumentException}, thrown by the
     * first networking call. A selector-based poller (without epoll) has one thread regardless.
     */
    static int pollers() {
        return Setting.positiveInt(POLLERS_PROPERTY, POLLERS_ENV, System.getProperties(), System.getenv(), 1, Netpoll.MAX_POLLERS);
    }

    /**
     * A snapshot of the netpoller: what it polls with, its threads, the sockets registered and
     * its counters.
     */
    public static NetStats stats() {
        return Poller.get().stats();
    }

    /**
     * Reads {@code net.core.somaxconn} as a line through a buffer, as Go's
     * {@code maxListenerBacklog} does, and caps it at 65535 as Go does (older kernels keep the
     * backlog in 16 bits). A sysctl file answers only a read at offset 0: a reader that takes the
     * first byte alone and then asks for the rest ({@code Files.readString}, sizing its buffer by
     * the file's reported size of 0) gets "4" of "4096".
     */
    private static int systemBacklog() {
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/core/somaxconn"))) {
            String line = r.readLine();
            return line == null ? 4096 : Math.min(65535, Math.max(128, Integer.parseInt(line.trim())));
        } catch (IOException | RuntimeException unknown) {
            return 4096;
        }
    }

    /**
     * Listens for TCP connections on {@code address} (Go's {@code net.Listen("tcp", address)}).
     *
     * @throws IllegalArgumentException if {@code address} is malformed
     * @throws java.net.BindException   if the address is in use
     */
    public static Listener listen(String address) throws IOException {
        return listen("tcp", address);
    }

    /**
     * Listens for connections on {@code address} of {@code network} (Go's
     * {@code net.Listen(network, address)}): {@code "tcp"}, {@code "tcp4"} or {@code "tcp6"} and
     * a {@code "host:port"}, or {@code "unix"} and the path of a socket file to make, which the
     * listener's {@link Listener#close()} removes, as Go's does.
     *
     * @throws IllegalArgumentException      if {@code network} is unknown or {@code address} malformed
     * @throws java.net.UnknownHostException if the host has no address of the network's family
     * @throws java.net.BindException        if the address is in use (for {@code "unix"}: the file exists)
     */
    public static Listener listen(String network, String address) throws IOException {
        return ListenConfig.DEFAULT.listen(network, address);
    }

    /**
     * Connects to {@code address} (Go's {@code net.Dial("tcp", address)}), waiting as long as
     * the system does. A host name that resolves to several addresses is dialled at each in
     * turn until one connects, as in Go; when none does, the first one's failure is thrown. When
     * it has addresses of both IP families, those of the other family than its first address's
     * are dialled alongside, from 300 ms later (Happy Eyeballs, as Go's dialer does): the first
     * connection wins.
     *
     * @throws IllegalArgumentException if {@code address} is malformed
     * @throws java.net.UnknownHostException if the host cannot be resolved
     * @throws java.net.ConnectException if the peer refuses (the message names the address)
     */
    public static Conn dial(String address) throws IOException {
        return Dialer.DEFAULT.dial(Network.TCP, address);
    }

    /**
     * Connects to {@code address} of {@code network} (Go's {@code net.Dial(network, address)}):
     * {@code "tcp"}, {@code "tcp4"} or {@code "tcp6"} (a name's addresses of that family only,
     * each in turn) and a {@code "host:port"}; {@code "unix"} and a socket file's path; or
     * {@code "udp"}, {@code "udp4"} or {@code "udp6"} and a {@code "host:port"}: a connected UDP
     * socket (no handshake, so nothing is sent; a name stands for its first address of the
     * family), whose reads and writes are datagrams ({@link Conn}).
     *
     * @throws IllegalArgumentException      if {@code network} is unknown or {@code address} malformed
     * @throws java.net.UnknownHostException if the host has no address of the network's family
     */
    public static Conn dial(String network, String address) throws IOException {
        return Dialer.DEFAULT.dial(network, address);
    }

    /**
     * As {@link #dial(String)}, giving up after {@code timeout} with
     * {@link DeadlineExceededException} (Go's {@code DialTimeout}); the addresses of a name share
     * the time, as in Go. A zero or negative timeout has already expired.
     */
    public static Conn dial(Duration timeout, String address) throws IOException {
        return Dialer.DEFAULT.withTimeout(Objects.requireNonNull(timeout, "timeout")).dial(Network.TCP, address);
    }

    /** As {@link #dial(String, String)}, giving up after {@code timeout} (Go's {@code DialTimeout}). */
    public static Conn dial(Duration timeout, String network, String address) throws IOException {
        return Dialer.DEFAULT.withTimeout(Objects.requireNonNull(timeout, "timeout")).dial(network, address);
    }

    /**
     * Every address of {@code host} (Go's {@code net.LookupIP}), in the resolver's order; an
     * address literal is its own answer. A goroutine parks meanwhile, its worker free, and, as
     * any blocking operation, ends its wait at an interrupt or its context's end.
     *
     * @throws java.net.UnknownHostException if the host has none (or is empty)
     */
    public static List<InetAddress> lookupIP(String host) throws IOException {
        if (Objects.requireNonNull(host, "host").isEmpty()) {
            throw new UnknownHostException("lookup : no such host");   // the JDK's would be this machine
        }
        try {
            return List.of(Resolver.lookup(host, null, "lookup " + host));
        } catch (UnknownHostException e) {
            UnknownHostException named = new UnknownHostException("lookup " + host + ": no such host");
            named.initCause(e);
            throw named;
        }
    }

    /**
     * Every address of {@code host} as Go writes it (Go's {@code net.LookupHost}):
     * {@code "127.0.0.1"}, {@code "::1"}. As {@link #lookupIP}.
     *
     * @throws java.net.UnknownHostException if the host has none (or is empty)
     */
    public static List<String> lookupHost(String host) throws IOException {
        return lookupIP(host).stream().map(Addresses::format).toList();
    }

    /**
     * Splits {@code "host:port"} (Go's {@code net.SplitHostPort}): an unresolved socket address
     * whose {@link InetSocketAddress#getHostString()} is the host without brackets (empty if
     * none) and whose port is the port. Unlike Go's, the port must be a number: a service name
     * ({@code "http"}) is refused.
     *
     * <pre>{@code
     * InetSocketAddress a = Net.splitHostPort("[::1]:8080");   // host "::1", port 8080
     * }</pre>
     *
     * @throws IllegalArgumentException if it is malformed (no port, too many colons, a bracket
     *                                  missing) or the port is not a number in 0-65535
     */
    public static InetSocketAddress splitHostPort(String address) {
        Addresses.HostPort hp = Addresses.split(address);
        return InetSocketAddress.createUnresolved(hp.host(), hp.port());
    }

    /**
     * {@code host} and {@code port} as Go's {@code "host:port"} (Go's {@code net.JoinHostPort}),
     * a host with a colon (an IPv6 address) in brackets: {@code "[::1]:8080"}.
     *
     * @throws IllegalArgumentException if the port is outside 0-65535
     */
    public static String joinHostPort(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("joinHostPort: port " + port + " out of range 0-65535");
        }
        return Addresses.join(host, port);
    }

    /**
     * Listens for UDP datagrams on {@code address} (Go's {@code net.ListenPacket("udp", address)}).
     *
     * @throws IllegalArgumentException if {@code address} is malformed
     */
    public static PacketConn listenPacket(String address) throws IOException {
        return listenPacket("udp", address);
    }

    /**
     * Listens for datagrams on {@code address} of {@code network} (Go's
     * {@code net.ListenPacket(network, address)}): {@code "udp"} (either IP family),
     * {@code "udp4"} or {@code "udp6"}, and a {@code "host:port"}. The packet connection sends
     * to addresses of its network's family only.
     *
     * @throws IllegalArgumentException      if {@code network} is unknown or not a packet network,
     *                                       or {@code address} is malformed
     * @throws java.net.UnknownHostException if the host has no address of the network's family
     */
    public static PacketConn listenPacket(String network, String address) throws IOException {
        return ListenConfig.DEFAULT.listenPacket(network, address);
    }
}
