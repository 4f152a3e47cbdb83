package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Addresses split, joined and written as Go does. */
class AddressesTest {
    private static String format(String ip, int port) throws Exception {
        return Addresses.format(new InetSocketAddress(InetAddress.getByName(ip), port));
    }

    /** Go's {@code SplitHostPort} and {@code JoinHostPort}, and their bad input named. */
    @Test
    void hostsAndPortsSplitAndJoinAsInGo() {
        InetSocketAddress a = Net.splitHostPort("[::1]:8080");
        assertEquals("::1", a.getHostString());
        assertEquals(8080, a.getPort());
        assertTrue(a.isUnresolved());
        assertEquals("example.com", Net.splitHostPort("example.com:80").getHostString());
        assertEquals("", Net.splitHostPort(":0").getHostString());
        assertEquals("[::1]:8080", Net.joinHostPort("::1", 8080));
        assertEquals("[fe80::1%eth0]:22", Net.joinHostPort("fe80::1%eth0", 22));
        assertEquals("example.com:443", Net.joinHostPort("example.com", 443));
        assertEquals(":0", Net.joinHostPort("", 0));
        for (String address : new String[] {"[2001:db8::1]:65535", "10.0.0.1:1", "h:0"}) {
            InetSocketAddress split = Net.splitHostPort(address);
            assertEquals(address, Net.joinHostPort(split.getHostString(), split.getPort()));
        }
        assertEquals("address example.com: missing port (want \"host:port\")",
                assertThrows(IllegalArgumentException.class, () -> Net.splitHostPort("example.com")).getMessage());
        assertEquals("address ::1:80: too many colons (an IPv6 host goes in brackets)",
                assertThrows(IllegalArgumentException.class, () -> Net.splitHostPort("::1:80")).getMessage());
        assertEquals("address [::1:80: missing ']' in the host",
                assertThrows(IllegalArgumentException.class, () -> Net.splitHostPort("[::1:80")).getMessage());
        assertEquals("address h:http: invalid port \"http\"",
                assertThrows(IllegalArgumentException.class, () -> Net.splitHostPort("h:http")).getMessage());
        assertEquals("address h:65536: port 65536 out of range 0-65535",
                assertThrows(IllegalArgumentException.class, () -> Net.splitHostPort("h:65536")).getMessage());
        assertEquals("joinHostPort: port -1 out of range 0-65535",
                assertThrows(IllegalArgumentException.class, () -> Net.joinHostPort("h", -1)).getMessage());
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
