package dev.weft.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * The tests' host names (a service provider, so in every test JVM): {@value #IPV4_THEN_IPV6}
 * resolves to 127.0.0.1 and then ::1, as a name with an A and an AAAA record does; every other
 * name is the system's.
 */
public final class TestResolver extends InetAddressResolverProvider {
    static final String IPV4_THEN_IPV6 = "ipv4-then-ipv6.weft.test";

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (host.equals(IPV4_THEN_IPV6)) {
                    return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}),
                            InetAddress.getByAddress(host, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
                }
                return system.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return system.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "weft-tests";
    }
}
