package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Addresses written as Go writes them. */
class AddressesTest {
    private static String format(String ip, int port) throws Exception {
        return Addresses.format(new InetSocketAddress(InetAddress.getByName(ip), port));
    }

    @Test
    void ipv6AddressesAreWrittenShortAsInGo() throws Exception {
        assertEquals("[::1]:80", format("0:0:0:0:0:0:0:1", 80));
        assertEquals("[::]:0", format("0:0:0:0:0:0:0:0", 0));
        assertEquals("[2001:db8::1]:443", format("2001:0db8:0:0:0:0:0:1", 443));
        assertEquals("[2001:db8::1:0:0:1]:1", format("2001:db8:0:0:1:0:0:1", 1), "the first of two equal runs");
        assertEquals("[2001:0:0:1::1]:1", format("2001:0:0:1:0:0:0:1", 1), "the longest run");
        assertEquals("[2001:db8:0:1:1:1:1:1]:1", format("2001:db8:0:1:1:1:1:1", 1), "a single zero group stays");
        assertEquals("[1::]:1", format("1:0:0:0:0:0:0:0", 1));
        assertEquals("[fe80::abcd]:1", format("FE80:0:0:0:0:0:0:ABCD", 1));
        Inet6Address zoned = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);
        assertEquals("[fe80::1%3]:22", Addresses.format(new InetSocketAddress(zoned, 22)));
        assertEquals("127.0.0.1:8080", format("127.0.0.1", 8080));
        assertEquals("10.0.0.1:1", format("::ffff:10.0.0.1", 1), "an IPv4-mapped address is IPv4");
    }
}
