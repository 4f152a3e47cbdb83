package dev.weft.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * How to listen (Go's {@code net.ListenConfig}): the keep-alive period of the TCP connections
 * accepted, and whether other sockets may listen on the same port ({@code SO_REUSEPORT}, which
 * Go sets through {@code Control}: the kernel then spreads the connections, or datagrams, among
 * them). Immutable: each {@code with} method returns a changed copy.
 *
 * <pre>{@code
 * ListenConfig config = ListenConfig.DEFAULT.withReusePort(true);
 * Listener a = config.listen("tcp", ":8080");
 * Listener b = config.listen("tcp", ":8080");            // both accept connections to port 8080
 * }</pre>
 */
public final class ListenConfig {
    /** Go's zero {@code ListenConfig}: keep-alive every 15 s, the port not shared. */
    public static final ListenConfig DEFAULT = new ListenConfig(Duration.ZERO, false);

    private final Duration keepAlive;
    private final boolean reusePort;

    private ListenConfig(Duration keepAlive, boolean reusePort) {
        this.keepAlive = keepAlive;
        this.reusePort = reusePort;
    }

    /**
     * This configuration's accepted TCP connections sending keep-alive probes after
     * {@code period} idle, and every {@code period} after that; zero means Go's default, 15
     * seconds, and a negative period turns keep-alive off.
     */
    public ListenConfig withKeepAlive(Duration period) {
        return new ListenConfig(Objects.requireNonNull(period, "period"), reusePort);
    }

    /**
     * This configuration letting other sockets with the option listen on the same address and
     * port ({@code SO_REUSEPORT}); for TCP and UDP only.
     */
    public ListenConfig withReusePort(boolean reuse) {
        return new ListenConfig(keepAlive, reuse);
    }

    /** The keep-alive period of accepted connections: zero for the default, negative for none. */
    public Duration keepAlive() {
        return keepAlive;
    }

    /** Whether the port may be shared. */
    public boolean reusePort() {
        return reusePort;
    }

    /**
     * Listens as {@link Net#listen(String, String)} does, by this configuration.
     *
     * @throws IllegalArgumentException      if {@code network} is unknown or {@code address} malformed
     * @throws UnsupportedOperationException if the port is to be shared on a {@code "unix"} listener
     * @throws java.net.UnknownHostException if the host has no address of the network's family
     * @throws java.net.BindException        if the address is in use (for {@code "unix"}: the file exists)
     */
    public Listener listen(String network, String address) throws IOException {
        Network n = Network.stream(network, "listen");
        SocketAddress a = Addresses.parse(n, address, true);
        refuseSharedUnix(n, "listen");
        ServerSocketChannel ch = n.openListening();
        try {
            sharePort(ch);
            ch.bind(a, Net.BACKLOG);
            return new Listener(ch, ch.getLocalAddress(), new PollDesc(ch), keepAlive);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Listens for datagrams as {@link Net#listenPacket(String, String)} does, by this
     * configuration (its keep-alive does not apply).
     *
     * @throws IllegalArgumentException      if {@code network} is unknown or not a packet network,
     *                                       or {@code address} is malformed
     * @throws java.net.UnknownHostException if the host has no address of the network's family
     */
    public PacketConn listenPacket(String network, String address) throws IOException {
        Network n = Network.packet(network, "listen");
        SocketAddress a = Addresses.parse(n, address, true);
        DatagramChannel ch = n.openPacket();
        try {
            ch.setOption(StandardSocketOptions.SO_BROADCAST, true);   // as Go sets it on every UDP socket
            sharePort(ch);
            ch.bind(a);
            return new PacketConn(n, ch, (InetSocketAddress) ch.getLocalAddress(), new PollDesc(ch));
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    private void refuseSharedUnix(Network n, String op) {
        if (reusePort && n.isUnix()) {
            throw new UnsupportedOperationException(op + " unix: a Unix domain socket's address cannot be shared (SO_REUSEPORT)");
        }
    }

    private void sharePort(NetworkChannel ch) throws IOException {
        if (reusePort) {
            ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
    }

    @Override
    public String toString() {
        return "ListenConfig[keepAlive=" + keepAlive + ", reusePort=" + reusePort + "]";
    }
}
