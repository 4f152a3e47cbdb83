package dev.weft.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Weft's netpoller: one {@link Selector} (epoll on Linux) on a daemon platform thread, which
 * readies the goroutines (and threads) waiting for their sockets. Go's {@code netpoll}, as a
 * thread of its own.
 *
 * <h2>Implementation overview</h2>
 * Every socket is registered once, with no interest and its {@link PollDesc} attached. A waiter
 * arms the interest it needs ({@link #arm}); the poller, when the kernel reports the socket
 * ready, disarms what fired (level-triggered epoll would report it again and again) and tells
 * the descriptor, which unparks the waiter. An interest change made while the poller blocks in
 * the kernel takes effect only at its next select, so an arm wakes it, but only then: the
 * poller publishes {@code blocking} before it selects, and the selector applies pending changes
 * under its lock at the start of every select, so an arm either lands before that (and is
 * applied) or sees {@code blocking} set (and wakes it). {@link Selector#wakeup()} is sticky: one
 * that comes just before the select makes it return at once. Closing a registered channel
 * completes when its key leaves the selector, at a select: a close wakes the poller too.
 */
final class Poller extends Thread {
    private static final Poller INSTANCE = open();

    private final Selector selector;
    private volatile boolean blocking;

    private Poller(Selector selector) {
        super(null, null, "weft-netpoller", 0, false);
        this.selector = selector;
        setDaemon(true);
    }

    private static Poller open() {
        try {
            Poller p = new Poller(Selector.open());
            p.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the netpoller's selector", e);
        }
    }

    /** The JVM's poller. */
    static Poller get() {
        return INSTANCE;
    }

    /** Registers {@code ch} (non-blocking already) with no interest; the key carries {@code pd}. */
    SelectionKey register(SelectableChannel ch, PollDesc pd) throws IOException {
        return ch.register(selector, 0, pd);
    }

    /** Adds {@code op} to the key's interest, waking the poller if it waits in the kernel. */
    void arm(SelectionKey key, int op) {
        key.interestOpsOr(op);
        if (blocking) {
            selector.wakeup();
        }
    }

    /** Sockets registered now (closed ones leave at the poller's next select); for tests. */
    int registered() {
        return selector.keys().size();
    }

    /** After a registered channel closed: lets the poller complete the deregistration now. */
    void closed() {
        selector.wakeup();
    }

    /** One ready key: disarms what fired and tells its descriptor. */
    private static void fire(SelectionKey key) {
        try {
            int ready = key.readyOps();
            key.interestOpsAnd(~ready);
            ((PollDesc) key.attachment()).ready(ready);
        } catch (CancelledKeyException closedMeanwhile) {
            // its channel closed: the close woke its waiters
        }
    }

    @Override
    public void run() {
        while (true) {
            try {
                blocking = true;
                selector.select(Poller::fire);
                blocking = false;
            } catch (Throwable t) {
                blocking = false;
                // A key cancelled between the check and the use, or an Error: the loop goes on,
                // or every socket of the JVM would stop.
                System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "netpoller", t);
            }
        }
    }
}
