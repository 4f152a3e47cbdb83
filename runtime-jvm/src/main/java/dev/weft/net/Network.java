package dev.weft.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/** Go's names of the stream networks: {@code "tcp"} (either IP family), {@code "tcp4"}, {@code "tcp6"}, {@code "unix"}. */
enum Network {
    TCP, TCP4, TCP6, UNIX;

    /**
     * The network called {@code name}.
     *
     * @param op the operation, for the message ("listen")
     * @throws IllegalArgumentException if there is none of that name
     */
    static Network of(String name, String op) {
        return switch (Objects.requireNonNull(name, "network")) {
            case "tcp" -> TCP;
            case "tcp4" -> TCP4;
            case "tcp6" -> TCP6;
            case "unix" -> UNIX;
            default -> throw new IllegalArgumentException(op + " " + name + ": unknown network (want tcp, tcp4, tcp6 or unix)");
        };
    }

    /** Whether {@code ip} is of this network's family (any, for {@code "tcp"}). */
    boolean admits(InetAddress ip) {
        return this == TCP || (this == TCP4) == (ip instanceof Inet4Address);
    }

    /** The family's name, for messages. */
    String family() {
        return this == TCP4 ? "IPv4" : this == TCP6 ? "IPv6" : "IP";
    }

    /** A new listening channel of this network (either IP family, for {@code "tcp"}). */
    ServerSocketChannel openListening() throws IOException {
        return this == TCP ? ServerSocketChannel.open() : ServerSocketChannel.open(protocolFamily());
    }

    /** A new connecting channel of this network (either IP family, for {@code "tcp"}). */
    SocketChannel openConnecting() throws IOException {
        return this == TCP ? SocketChannel.open() : SocketChannel.open(protocolFamily());
    }

    private ProtocolFamily protocolFamily() {
        return switch (this) {
            case TCP4 -> StandardProtocolFamily.INET;
            case TCP6 -> StandardProtocolFamily.INET6;
            case UNIX -> StandardProtocolFamily.UNIX;
            case TCP -> throw new IllegalStateException("tcp is either family");
        };
    }
}
