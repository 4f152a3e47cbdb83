package dev.weft.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** Go's {@code "host:port"} addresses: parsed at once, with an error that names the problem. */
final class Addresses {
    private Addresses() {}

    /**
     * {@code address} as a socket address. The host may be a name, an IPv4 address or an IPv6
     * one in brackets ({@code "[::1]:80"}); an empty host means every interface when
     * {@code listening}, else this machine.
     *
     * @throws IllegalArgumentException if {@code address} is malformed or its port out of range
     * @throws UnknownHostException     if the host cannot be resolved
     */
    static InetSocketAddress parse(String address, boolean listening) throws UnknownHostException {
        Objects.requireNonNull(address, "address");
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + address + ": missing port (want \"host:port\")");
        }
        String host = address.substring(0, colon);
        String portText = address.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new IllegalArgumentException("address " + address + ": missing ']' in the host");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("address " + address + ": too many colons (an IPv6 host goes in brackets)");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address " + address + ": invalid port \"" + portText + "\"");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("address " + address + ": port " + port + " out of range 0-65535");
        }
        if (host.isEmpty()) {
            return listening ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        InetSocketAddress resolved = new InetSocketAddress(host, port);
        if (resolved.isUnresolved()) {
            throw new UnknownHostException("address " + address + ": no such host " + host);
        }
        return resolved;
    }

    /** Go's form of a socket address: {@code "127.0.0.1:8080"}, {@code "[::1]:8080"}. */
    static String format(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
