package dev.weft.net;

import dev.weft.internal.OwnThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The portable netpoller: one {@link Selector} on a daemon platform thread.
 */
final class SelectorPoller extends Poller {
    /*
     * Implementation overview.
     *
     * Every socket is registered once, with no interest and its {@link PollDesc} attached. A waiter
     * arms the interest it needs ({@link #arm}); the poller, when the kernel reports the socket
     * ready, disarms what fired (a level-triggered selector would report it again and again) and
     * tells the descriptor, which unparks the waiter. An interest change made while the poller
     * blocks in the kernel takes effect only at its next select, so an arm wakes it, but only then:
     * the poller publishes {@code blocking} before it selects, and the selector applies pending
     * changes under its lock at the start of every select, so an arm either lands before that (and
     * is applied) or sees {@code blocking} set (and wakes it). {@link Selector#wakeup()} is sticky:
     * one that comes just before the select makes it return at once. A close first waits for the
     * poller to remove the socket's key ({@link #deregister}).
     */

    private final Selector selector;
    private final Consumer<SelectionKey> fire = this::fire;
    private volatile boolean blocking;

    private SelectorPoller(Selector selector) {
        this.selector = selector;
    }

    static SelectorPoller open() {
        try {
            SelectorPoller p = new SelectorPoller(Selector.open());
            Thread t = new Thread(null, p::run, "weft-netpoller", 0, false);
            t.setDaemon(true);
            OwnThreads.add(t);
            t.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the netpoller's selector", e);
        }
    }

    @Override
    void register(SelectableChannel ch, PollDesc pd) throws IOException {
        pd.key = ch.register(selector, 0, pd);
    }

    @Override
    void arm(PollDesc pd, int op) {
        pd.key.interestOpsOr(op);
        if (blocking) {
            selector.wakeup();
        }
    }

    /**
     * A registered channel's close is deferred until the selector has removed its key, at a
     * select: a listener closed that way would take connections for a while. So the key is
     * cancelled and removed first, and the close that follows is done when it returns, as Go's.
     */
    @Override
    void deregister(PollDesc pd) {
        if (!pd.key.channel().isRegistered()) {
            return;                          // deregistered by an earlier close
        }
        pd.key.cancel();
        selector.wakeup();
        while (pd.key.channel().isRegistered()) {
            Thread.yield();
        }
    }

    @Override
    int registered() {
        return selector.keys().size();
    }

    @Override
    String kind() {
        return "selector";
    }

    @Override
    int threads() {
        return 1;
    }

    /** One ready key: disarms what fired and tells its descriptor. */
    private void fire(SelectionKey key) {
        events.increment();
        try {
            int ready = key.readyOps();
            key.interestOpsAnd(~ready);
            ((PollDesc) key.attachment()).ready(ready);
        } catch (CancelledKeyException closedMeanwhile) {
            // its channel closed: the close woke its waiters
        }
    }

    private void run() {
        while (true) {
            try {
                blocking = true;
                selector.select(fire);
                blocking = false;
                polls.increment();
            } catch (Throwable t) {
                blocking = false;
                // A key cancelled between the check and the use, or an Error: the loop goes on,
                // or every socket of the JVM would stop.
                System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "netpoller", t);
            }
        }
    }
}
