package dev.weft.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The tests' host names (a service provider, so in every test JVM): {@value #IPV4_THEN_IPV6}
 * resolves to 127.0.0.1 and then ::1, as a name with an A and an AAAA record does;
 * {@value #SLOW} holds the thread that looks it up (spinning, as the system's resolver holds it
 * blocked in {@code getaddrinfo} while a DNS query goes unanswered) until {@link #SLOW_ANSWERS}
 * opens, then resolves to 127.0.0.1; every other name is the system's.
 */
public final class TestResolver extends InetAddressResolverProvider {
    static final String IPV4_THEN_IPV6 = "ipv4-then-ipv6.weft.test";
    static final String SLOW = "slow.weft.test";
    static final CountDownLatch SLOW_ANSWERS = new CountDownLatch(1);

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
                if (host.equals(SLOW)) {
                    while (SLOW_ANSWERS.getCount() > 0) {
                        Thread.onSpinWait();     // holds its thread, as the system's resolver does
                    }
                    return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
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
