package dev.weft.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Go's {@code "host:port"} addresses: parsed at once, with an error that names the problem. */
final class Addresses {
    private Addresses() {}

    /**
     * {@code address} as a socket address of {@code network}. The
     * host may be a name, an IPv4 address or an IPv6 one in brackets ({@code "[::1]:80"}); an
     * empty host means every interface when {@code listening}, else this machine. A name that
     * resolves to several addresses stands for the first of the network's family, as in Go's
     * {@code Listen}. For {@code "unix"}, {@code address} is the socket file's path.
     *
     * @throws IllegalArgumentException if {@code address} is malformed or its port out of range
     * @throws UnknownHostException     if the host has no address of the network's family
     */
    static SocketAddress parse(Network network, String address, boolean listening) throws IOException {
        if (network.isUnix()) {
            return unix(address);
        }
        HostPort hp = split(address);
        if (hp.host.isEmpty()) {
            return new InetSocketAddress(listening ? anyAddress(network) : loopback(network), hp.port);
        }
        return resolveAll(network, address, hp, null, "lookup " + hp.host).get(0);
    }

    /**
     * Every socket address {@code address} stands for in {@code network}, to dial in turn, in the
     * resolver's order (Go's dialer tries them so); this machine for an empty host; the path, for
     * {@code "unix"}. A name is looked up by no later than {@code deadline} (null: none), as
     * {@link Resolver} does, which parks a goroutine instead of its worker.
     *
     * @param what the operation, for a timeout's message
     * @throws IllegalArgumentException  if {@code address} is malformed or its port out of range
     * @throws UnknownHostException      if the host has no address of the network's family
     * @throws DeadlineExceededException if the deadline passes during the lookup
     */
    static List<? extends SocketAddress> resolveAll(Network network, String address, Instant deadline, String what)
            throws IOException {
        if (network.isUnix()) {
            return List.of(unix(address));
        }
        HostPort hp = split(address);
        if (hp.host.isEmpty()) {
            return List.of(new InetSocketAddress(loopback(network), hp.port));
        }
        return resolveAll(network, address, hp, deadline, what);
    }

    private static List<InetSocketAddress> resolveAll(Network network, String address, HostPort hp,
            Instant deadline, String what) throws IOException {
        InetAddress[] all;
        try {
            all = Resolver.lookup(hp.host, deadline, what);
        } catch (UnknownHostException e) {
            UnknownHostException named = new UnknownHostException("address " + address + ": no such host " + hp.host);
            named.initCause(e);
            throw named;
        }
        List<InetSocketAddress> each = new ArrayList<>(all.length);
        for (InetAddress a : all) {
            if (network.admits(a)) {
                each.add(new InetSocketAddress(a, hp.port));
            }
        }
        if (each.isEmpty()) {
            throw new UnknownHostException("address " + address + ": no " + network.family() + " address for " + hp.host);
        }
        return each;
    }

    private static InetAddress anyAddress(Network network) throws UnknownHostException {
        return network.isIpv4() ? InetAddress.getByAddress(new byte[4])
                : network.isIpv6() ? InetAddress.getByAddress(new byte[16])
                : null;                      // the wildcard of the socket's own family
    }

    private static InetAddress loopback(Network network) throws UnknownHostException {
        return network.isIpv4() ? InetAddress.getByAddress(new byte[] {127, 0, 0, 1})
                : network.isIpv6() ? InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
                : InetAddress.getLoopbackAddress();
    }

    private static UnixDomainSocketAddress unix(String path) {
        if (Objects.requireNonNull(path, "address").isEmpty()) {
            throw new IllegalArgumentException("unix address: empty path");
        }
        return UnixDomainSocketAddress.of(path);
    }

    /** An address split at its last colon, the host without brackets ("" for none). */
    record HostPort(String host, int port) {}

    /**
     * {@code address} split at its last colon, the host's brackets taken off.
     *
     * @throws IllegalArgumentException if it is malformed or its port is not a number in 0-65535
     */
    static HostPort split(String address) {
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
        return new HostPort(host, port);
    }

    /** Go's {@code "host:port"}, a host with a colon (IPv6) in brackets. */
    static String join(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** An IP address as Go writes it: {@code "127.0.0.1"}, {@code "::1"} (RFC 5952). */
    static String format(InetAddress ip) {
        return ip instanceof Inet6Address v6 ? format(v6) : ip.getHostAddress();
    }

    /**
     * Go's form of a socket address: {@code "127.0.0.1:8080"}, {@code "[::1]:8080"}; a Unix
     * domain socket's path ({@code ""} for an unnamed socket).
     */
    static String format(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            return unix.getPath().toString();
        }
        InetSocketAddress a = (InetSocketAddress) address;
        InetAddress ip = a.getAddress();
        return join(ip != null ? format(ip) : a.getHostString(), a.getPort());
    }

    /**
     * An IPv6 address as Go writes it (RFC 5952): groups in lower-case hex without leading zeros,
     * the longest run of two or more zero groups (the first of equals) as {@code "::"}, and the
     * zone, if any, after a {@code '%'}. The JDK writes every group ({@code "0:0:0:0:0:0:0:1"}).
     */
    private static String format(Inet6Address ip) {
        byte[] b = ip.getAddress();
        int[] group = new int[8];
        for (int i = 0; i < 8; i++) {
            group[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int runStart = -1;
        int runLength = 1;                   // a run must be longer than this to be elided
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && group[j] == 0) {
                j++;
            }
            if (j - i > runLength) {
                runStart = i;
                runLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                sb.append("::");
                i += runLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group[i]));
        }
        String jdk = ip.getHostAddress();
        int zone = jdk.indexOf('%');
        return zone < 0 ? sb.toString() : sb.append(jdk, zone, jdk.length()).toString();
    }
}
