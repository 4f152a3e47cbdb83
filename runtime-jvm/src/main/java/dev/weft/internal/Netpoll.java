package dev.weft.internal;

/**
 * The netpoller as the scheduler's workers see it (Go's {@code netpoll} calls in
 * {@code findRunnable}), without depending on {@code dev.weft.net}, which depends on the
 * scheduler. Public only so that Weft's packages can share it; not part of Weft's API.
 *
 * <p>{@code dev.weft.net} registers its {@link Poll} when its poller can be polled from any
 * thread (the edge-triggered epoll one); until then, and without one, {@link #get()} is null and
 * workers never poll.
 */
public final class Netpoll {
    /** A netpoller that workers may poll. */
    public interface Poll {
        /**
         * Polls without waiting and readies the goroutines whose sockets became ready, unless
         * nothing is registered or a worker is blocked in a poll already (it will see the
         * events). Returns how many sockets were reported.
         */
        int pollNow();

        /**
         * Claims the right to block in the kernel's poll: at most one worker holds it. False if
         * another holds it or nothing is registered.
         */
        boolean tryClaimBlocking();

        /**
         * Blocks in the kernel's poll, the caller holding the claim, until a socket is ready or
         * {@link #wakeup()}; readies the goroutines whose sockets are, releases the claim and
         * returns how many sockets were reported.
         */
        int pollBlocking();

        /** Gives the claim back without polling. */
        void releaseBlocking();

        /** Ends the blocking poll under way, if any, or the next one to begin (Go's {@code netpollBreak}). */
        void wakeup();
    }

    private static volatile Poll poll;

    private Netpoll() {}

    /** Called once, by {@code dev.weft.net}, when its poller is open. */
    public static void register(Poll p) {
        poll = p;
    }

    /** The registered netpoller, or null. */
    public static Poll get() {
        return poll;
    }
}
