package dev.weft.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * Go's names of the networks: the stream ones, {@code "tcp"} (either IP family), {@code "tcp4"},
 * {@code "tcp6"}, {@code "unix"}; the packet ones, {@code "udp"} (either IP family),
 * {@code "udp4"}, {@code "udp6"}.
 */
enum Network {
    TCP("tcp", null, true),
    TCP4("tcp4", StandardProtocolFamily.INET, true),
    TCP6("tcp6", StandardProtocolFamily.INET6, true),
    UNIX("unix", StandardProtocolFamily.UNIX, true),
    UDP("udp", null, false),
    UDP4("udp4", StandardProtocolFamily.INET, false),
    UDP6("udp6", StandardProtocolFamily.INET6, false);

    private final String goName;
    /** The sockets' family; null for either IP family. */
    private final StandardProtocolFamily family;
    private final boolean stream;

    Network(String goName, StandardProtocolFamily family, boolean stream) {
        this.goName = goName;
        this.family = family;
        this.stream = stream;
    }

    /**
     * The stream network called {@code name}, for {@code op} ("listen", "dial").
     *
     * @throws IllegalArgumentException if there is none of that name, or it is a packet network
     */
    static Network stream(String name, String op) {
        Network n = of(name, op);
        if (!n.stream) {
            throw new IllegalArgumentException(op + " " + name + ": a packet network (use listenPacket)");
        }
        return n;
    }

    /**
     * The packet network called {@code name}, for {@code op} ("listen").
     *
     * @throws IllegalArgumentException if there is none of that name, or it is a stream network
     */
    static Network packet(String name, String op) {
        Network n = of(name, op);
        if (n.stream) {
            throw new IllegalArgumentException(op + " " + name + ": not a packet network (want udp, udp4 or udp6)");
        }
        return n;
    }

    /**
     * The network called {@code name}, for {@code op} ("dial").
     *
     * @throws IllegalArgumentException if there is none of that name
     */
    static Network of(String name, String op) {
        Objects.requireNonNull(name, "network");
        for (Network n : values()) {
            if (n.goName.equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException(op + " " + name + ": unknown network (want tcp, tcp4, tcp6, unix, udp, udp4 or udp6)");
    }

    /** Whether {@code ip} is of this network's family (either, for {@code "tcp"} and {@code "udp"}). */
    boolean admits(InetAddress ip) {
        return family == null || (family == StandardProtocolFamily.INET) == (ip instanceof Inet4Address);
    }

    /** Whether it is a stream network (TCP or Unix), rather than a packet one (UDP). */
    boolean isStream() {
        return stream;
    }

    /** Whether its addresses are paths of socket files. */
    boolean isUnix() {
        return family == StandardProtocolFamily.UNIX;
    }

    /** Whether it is IPv4 only. */
    boolean isIpv4() {
        return family == StandardProtocolFamily.INET;
    }

    /** Whether it is IPv6 only. */
    boolean isIpv6() {
        return family == StandardProtocolFamily.INET6;
    }

    /** The family's name, for messages. */
    String family() {
        return family == StandardProtocolFamily.INET ? "IPv4" : family == StandardProtocolFamily.INET6 ? "IPv6" : "IP";
    }

    /** A new listening channel of this stream network (either IP family, for {@code "tcp"}). */
    ServerSocketChannel openListening() throws IOException {
        return family == null ? ServerSocketChannel.open() : ServerSocketChannel.open(family);
    }

    /** A new connecting channel of this stream network (either IP family, for {@code "tcp"}). */
    SocketChannel openConnecting() throws IOException {
        return family == null ? SocketChannel.open() : SocketChannel.open(family);
    }

    /** A new datagram channel of this packet network (either IP family, for {@code "udp"}). */
    DatagramChannel openPacket() throws IOException {
        return family == null ? DatagramChannel.open() : DatagramChannel.open((ProtocolFamily) family);
    }

    @Override
    public String toString() {
        return goName;
    }
}
