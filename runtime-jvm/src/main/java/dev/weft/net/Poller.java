package dev.weft.net;

import dev.weft.internal.Netpoll;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * Weft's netpoller (Go's {@code netpoll}): what tells a {@link PollDesc} that its socket may be
 * ready. One per JVM, chosen once: {@link EpollPoller} (edge-triggered epoll, nothing to arm per
 * wait) on Linux when the JVM opens {@code java.base/sun.nio.ch} to Weft, else
 * {@link SelectorPoller} (a {@code java.nio} {@link java.nio.channels.Selector}, armed per wait).
 */
abstract sealed class Poller permits EpollPoller, SelectorPoller {
    private static final Poller INSTANCE;
    /** Why there is no poller: a bad {@code weft.pollers}. */
    private static final IllegalArgumentException BAD_SETTING;

    static {
        Poller p = null;
        IllegalArgumentException bad = null;
        try {
            int threads = Netpoll.startPollers(Net::pollers);
            p = EpollPoller.isAvailable() ? EpollPoller.open(threads) : SelectorPoller.open();
        } catch (IllegalArgumentException e) {
            bad = e;
        }
        INSTANCE = p;
        BAD_SETTING = bad;
    }

    /** Returns from the kernel's poll. */
    final LongAdder polls = new LongAdder();
    /** Sockets the kernel reported ready. */
    final LongAdder events = new LongAdder();

    /** The JVM's poller. */
    static Poller get() {
        if (INSTANCE == null) {
            throw new IllegalArgumentException(BAD_SETTING.getMessage(), BAD_SETTING);
        }
        return INSTANCE;
    }

    /** Registers {@code ch} (non-blocking already), whose readiness goes to {@code pd}. */
    abstract void register(SelectableChannel ch, PollDesc pd) throws IOException;

    /**
     * Called by a waiter of {@code op} (a SelectionKey operation) on {@code pd} before it parks:
     * the poller must report the next readiness for {@code op}.
     */
    abstract void arm(PollDesc pd, int op);

    /** Before {@code pd}'s channel closes: stop reporting to it. Harmless when done already. */
    abstract void deregister(PollDesc pd);

    /** Sockets registered now. */
    abstract int registered();

    /** What it polls with: {@code "epoll"} or {@code "selector"}. */
    abstract String kind();

    /** Its poller threads. */
    abstract int threads();

    NetStats stats() {
        return new NetStats(kind(), threads(), registered(), polls.sum(), events.sum());
    }
}
