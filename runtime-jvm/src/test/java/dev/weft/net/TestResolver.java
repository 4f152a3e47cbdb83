package dev.weft.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The tests' host names (a service provider, so in every test JVM): {@value #IPV4_THEN_IPV6}
 * resolves to 127.0.0.1 and then ::1, as a name with an A and an AAAA record does; a name
 * ending in {@value #SLOW} holds the thread that looks it up, as the system's resolver holds it
 * in {@code getaddrinfo} while a DNS query goes unanswered, until {@link #answer} is called for
 * it, then resolves to 127.0.0.1 (a virtual thread spins, so that it keeps its carrier as a
 * native call would); every other name is the system's.
 */
public final class TestResolver extends InetAddressResolverProvider {
    static final String IPV4_THEN_IPV6 = "ipv4-then-ipv6.weft.test";
    static final String SLOW = ".slow.weft.test";
    /** A name with no address. */
    static final String NO_SUCH_HOST = "nosuch.weft.test";
    private static final ConcurrentHashMap<String, CountDownLatch> UNANSWERED = new ConcurrentHashMap<>();

    /** Lets the lookups of {@code host} (a name ending in {@value #SLOW}) answer, now and from now on. */
    static void answer(String host) {
        gate(host).countDown();
    }

    private static CountDownLatch gate(String host) {
        return UNANSWERED.computeIfAbsent(host, h -> new CountDownLatch(1));
    }

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
                if (host.equals(NO_SUCH_HOST)) {
                    throw new UnknownHostException(host);
                }
                if (host.endsWith(SLOW)) {
                    CountDownLatch gate = gate(host);
                    if (Thread.currentThread().isVirtual()) {
                        while (gate.getCount() > 0) {
                            Thread.onSpinWait();
                        }
                    } else {
                        try {
                            gate.await();
                        } catch (InterruptedException e) {
                            throw new UnknownHostException(host + ": interrupted");
                        }
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
