package dev.weft.internal;

import java.util.function.IntSupplier;

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

    /** The most poller threads a JVM may run. */
    public static final int MAX_POLLERS = 64;

    private static volatile Poll poll;

    /** Guards the two counts below. */
    private static final Object POLLERS_LOCK = new Object();
    /** The poller count a scheduler's builder asked for; 0 if none did. */
    private static int pollersAsked;
    /** The poller count the netpoller started with; 0 until it starts. */
    private static int pollersStarted;

    private Netpoll() {}

    /**
     * A scheduler's builder asks for {@code n} poller threads (validated by the caller). The
     * count is one per JVM: the first ask before the netpoller starts fixes it.
     *
     * @throws IllegalStateException if the netpoller runs, or another scheduler asked, with
     *                               another count
     */
    public static void askPollers(int n) {
        synchronized (POLLERS_LOCK) {
            if (pollersStarted != 0 && pollersStarted != n) {
                throw new IllegalStateException("the netpoller already runs with " + pollersStarted
                        + " poller(s), so a scheduler cannot ask for " + n
                        + ": the count is one per JVM, fixed when the first networking call starts the netpoller");
            }
            if (pollersAsked != 0 && pollersAsked != n) {
                throw new IllegalStateException("another scheduler asked for " + pollersAsked
                        + " poller(s), so this one cannot ask for " + n + ": the count is one per JVM");
            }
            pollersAsked = n;
        }
    }

    /**
     * Called once by {@code dev.weft.net} as its netpoller starts: the count a scheduler's
     * builder asked for, else {@code fromSettings} (the system property, the environment, the
     * default), which may throw for a bad setting.
     */
    public static int startPollers(IntSupplier fromSettings) {
        synchronized (POLLERS_LOCK) {
            int n = pollersAsked != 0 ? pollersAsked : fromSettings.getAsInt();
            pollersStarted = n;
            return n;
        }
    }

    /** Called once, by {@code dev.weft.net}, when its poller is open. */
    public static void register(Poll p) {
        poll = p;
    }

    /** The registered netpoller, or null. */
    public static Poll get() {
        return poll;
    }
}
