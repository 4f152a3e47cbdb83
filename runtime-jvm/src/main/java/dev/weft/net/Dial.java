package dev.weft.net;

import dev.weft.internal.Nanos;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The connection attempts of one stream {@link Net#dial}: Go's {@code dialSerial} and {@code dialParallel}. */
final class Dial {
    /*
     * Implementation overview.
     *
     * As Go's dialer does, a dial tries each address of the name, in the resolver's order, until
     * one connects, and when none does, throws the first failure (a later address's says less
     * about what the caller meant). With a timeout, each attempt gets an equal share of the time
     * its list has left, but at least two seconds while that much is left, so that an address
     * that does not answer cannot use up the time of those after it, nor a long list leave each
     * too little to connect; the whole dial never outlasts its timeout.
     *
     * Happy Eyeballs (RFC 6555), as Go's dialParallel: when a "tcp" name has addresses of both
     * families, those of the first address's family (the primaries) are dialled in turn as
     * above, and those of the other (the fallbacks) likewise, starting 300 ms later or at once
     * when the primaries have all failed; the first connection wins, and the attempt still in
     * flight is closed. When both fail, the primaries' first failure is thrown. So a family
     * whose routes are broken delays a dial by 300 ms rather than by its connect timeout.
     *
     * Go races the two lists in two goroutines; here one thread does: each list (a Racer) has
     * at most one non-blocking connect in flight, and the thread parks until the poller reports
     * either socket, an attempt's deadline passes or the fallbacks are due
     * (PollDesc.awaitEither), then steps each racer: finish its connect, or fail it and start
     * its next address. No thread is made, and cancellation (an interrupt, the context's end)
     * ends the whole dial as any wait: it is not an IOException, so no later address is tried,
     * and every socket in flight is closed on the way out.
     */

    /** How long the primaries run alone: Go's default {@code Dialer.FallbackDelay}. */
    private static final long FALLBACK_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** The least time an attempt gets while that much is left: Go's {@code partialDeadline}. */
    private static final Duration LEAST_SHARE = Duration.ofSeconds(2);

    private Dial() {}

    /**
     * Connects to one of {@code addresses} of {@code network} by {@code end} (null: no
     * timeout), racing the families as Go does for {@code "tcp"}.
     *
     * @param address what was dialled, for messages
     */
    static Conn dial(Network network, List<? extends SocketAddress> addresses, String address, Instant end,
            SocketAddress local, Duration fallbackDelay, Duration keepAlive) throws IOException {
        List<SocketAddress> primaries = new ArrayList<>();
        List<SocketAddress> fallbacks = new ArrayList<>();
        boolean firstIsIpv4 = isIpv4(addresses.get(0));
        for (SocketAddress a : addresses) {
            (network == Network.TCP && isIpv4(a) != firstIsIpv4 ? fallbacks : primaries).add(a);
        }
        if (fallbackDelay.isNegative()) {        // no racing: the other family's addresses last, in turn
            primaries.addAll(fallbacks);
            fallbacks.clear();
        }
        String what = "dial " + address;
        Racer primary = new Racer(network, primaries, what, end, local, keepAlive);
        Racer fallback = new Racer(network, fallbacks, what, end, local, keepAlive);
        long fallbackAt = System.nanoTime()
                + (fallbackDelay.isZero() ? FALLBACK_DELAY_NANOS : Nanos.ofTimeout(fallbackDelay));
        boolean fallbackStarted = fallbacks.isEmpty();
        try {
            primary.advance();
            while (true) {
                if (primary.won != null) {
                    return primary.take();
                }
                if (fallback.won != null) {
                    return fallback.take();
                }
                if (!fallbackStarted && (primary.exhausted() || System.nanoTime() - fallbackAt >= 0)) {
                    fallbackStarted = true;
                    fallback.advance();
                    continue;
                }
                if (primary.exhausted() && fallback.exhausted()) {
                    throw primary.first != null ? primary.first : fallback.first;
                }
                PollDesc.awaitEither(primary.pd, primary.ticket, fallback.pd, fallback.ticket,
                        fallbackStarted ? PollDesc.NONE : fallbackAt, what);
                primary.step();
                fallback.step();
            }
        } finally {
            primary.abandon();
            fallback.abandon();
        }
    }

    static boolean isIpv4(SocketAddress a) {
        return a instanceof InetSocketAddress ip && ip.getAddress() instanceof Inet4Address;
    }

    /** One list of addresses, dialled in turn, with at most one connect in flight. */
    private static final class Racer {
        private final Network network;
        private final List<SocketAddress> addresses;
        private final String what;
        private final Instant end;
        /** The address each socket is bound to before it connects; null: the system's choice. */
        private final SocketAddress local;
        /** The keep-alive period of the connection made (see {@link Conn}). */
        private final Duration keepAlive;
        /** The next address to try. */
        private int next;
        /** The attempt in flight: its channel, poll descriptor and ticket; null when none. */
        private SocketChannel channel;
        PollDesc pd;
        long ticket;
        private SocketAddress at;
        /** The connection made; null until then. */
        Conn won;
        /** The first failure; null while none. */
        IOException first;

        Racer(Network network, List<SocketAddress> addresses, String what, Instant end, SocketAddress local,
                Duration keepAlive) {
            this.network = network;
            this.addresses = addresses;
            this.what = what;
            this.end = end;
            this.local = local;
            this.keepAlive = keepAlive;
        }

        /** Whether every address has been tried and failed. */
        boolean exhausted() {
            return won == null && channel == null && next == addresses.size();
        }

        /** Starts attempts, address after address, until one connects or is in flight, or none is left. */
        void advance() throws IOException {
            while (won == null && channel == null && next < addresses.size()) {
                Instant attemptEnd = null;
                if (end != null) {
                    attemptEnd = share(Instant.now(), end, addresses.size() - next);
                    if (attemptEnd == null) {
                        fail(new DeadlineExceededException(what));
                        next = addresses.size();
                        return;
                    }
                }
                at = addresses.get(next++);
                try {
                    channel = network.openConnecting();
                    if (local != null) {
                        channel.bind(local);
                    }
                    pd = new PollDesc(channel);
                    pd.setWriteDeadline(attemptEnd);
                    ticket = pd.checkBeforeIo(SelectionKey.OP_CONNECT, what);
                    if (channel.connect(at)) {
                        connected();
                    }
                } catch (IOException e) {
                    failAttempt(e);
                } catch (RuntimeException | Error e) {
                    abandon();
                    throw e;
                }
            }
        }

        /** After a wait: finishes the attempt in flight if its socket was reported, or fails it. */
        void step() throws IOException {
            if (channel == null) {
                return;
            }
            try {
                long t = pd.checkBeforeIo(SelectionKey.OP_CONNECT, what);   // the close, the attempt's deadline
                if (t == ticket) {
                    return;                  // not reported yet: the other racer's wake-up
                }
                ticket = t;
                if (channel.finishConnect()) {
                    connected();
                }
            } catch (IOException e) {
                failAttempt(e);
            }
            advance();
        }

        private void connected() throws IOException {
            pd.setWriteDeadline(null);
            Conn.tune(channel, keepAlive);
            won = new Conn(channel, pd);
            channel = null;
            pd = null;
        }

        private void failAttempt(IOException e) throws IOException {
            abandon();
            if (e instanceof ConnectException refused) {
                ConnectException named = new ConnectException("dial " + Addresses.format(at) + ": " + refused.getMessage());
                named.initCause(refused);
                e = named;
            }
            fail(e);
        }

        private void fail(IOException e) {
            if (first == null) {
                first = e;
            }
        }

        /** The connection made, now the caller's. */
        Conn take() {
            Conn c = won;
            won = null;
            return c;
        }

        /** Closes the attempt in flight, or a connection made but not taken. */
        void abandon() throws IOException {
            try {
                if (won != null) {
                    won.close();
                    won = null;
                }
                if (pd != null) {
                    pd.close();
                } else if (channel != null) {
                    channel.close();
                }
            } finally {
                pd = null;
                channel = null;
            }
        }
    }

    /** The deadline of one of {@code left} attempts that share the time until {@code end}; null if none is left. */
    private static Instant share(Instant now, Instant end, int left) {
        Duration remaining = Duration.between(now, end);
        if (remaining.isNegative() || remaining.isZero()) {
            return null;
        }
        Duration each = remaining.dividedBy(left);
        if (each.compareTo(LEAST_SHARE) < 0) {
            each = remaining.compareTo(LEAST_SHARE) < 0 ? remaining : LEAST_SHARE;
        }
        return now.plus(each);
    }
}
