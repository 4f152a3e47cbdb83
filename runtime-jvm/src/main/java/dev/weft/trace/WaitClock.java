package dev.weft.trace;

import java.util.concurrent.locks.LockSupport;

/**
 * The clock that times waits for {@link GoroutineBlocked}: a platform thread that stores
 * {@link System#nanoTime()} every millisecond while a recording wants the event, so that a wait
 * reads a field instead of the operating system's clock.
 */
final class WaitClock extends Thread {
    /*
     * Implementation overview.
     *
     * Reading the clock costs tens of nanoseconds, twice per wait; on a channel round trip of a
     * few hundred that is a quarter of the time. A threshold of milliseconds needs no such
     * precision, so a wait reads {@link #now}, which the ticking thread refreshes every
     * {@link #TICK_NANOS}: a wait is timed to within a tick (more while the ticking thread
     * gets no core, when it lags and every wait reads short). Below {@link #COARSE_FROM} the
     * tick would be too coarse for the threshold, and waits read the clock itself.
     *
     * The thread runs only while the event is enabled: the first wait that wants a time and
     * finds no ticking thread starts one, and the thread ends when it finds the event disabled.
     * Starts are serialised; the starter stores a fresh time before it sets {@link #ticking},
     * so whoever sees the flag sees a fresh time, and it sets the flag before the thread runs,
     * which clears it last, so no start is missed. A wait that begins while the last ticking
     * thread is ending reads a time at most a tick old.
     *
     * The thread belongs to the system thread group, with the JDK's service threads: it runs no
     * application code and wakes no one, so deadlock detection does not count it among the
     * threads that could still act.
     *
     * No field has an initializer: the class is first used by a wait, at any depth of a stack,
     * where a static initializer cut short by a StackOverflowError would leave it unusable.
     */

    /** How often the time is refreshed. */
    static final long TICK_NANOS = 1_000_000;

    /** Thresholds from which a tick's precision suffices. */
    static final long COARSE_FROM = 4 * TICK_NANOS;

    /** The threshold in force ({@link WaitThreshold}), in nanoseconds. */
    private static volatile long threshold;

    /** {@link System#nanoTime()} at the last tick. */
    private static volatile long now;

    /** Whether a ticking thread runs (or is being started). */
    private static volatile boolean ticking;

    private WaitClock(ThreadGroup system) {
        super(system, null, "weft-wait-clock", 0, false);
        setDaemon(true);
    }

    static long threshold() {
        return threshold;
    }

    static void setThreshold(long nanos) {
        threshold = nanos;
    }

    /** The time for a wait that the event wants to time; may start the ticking thread. */
    static long now() {
        if (threshold < COARSE_FROM) {
            return System.nanoTime();
        }
        if (!ticking) {
            startTicking();
        }
        return now;
    }

    private static synchronized void startTicking() {
        now = System.nanoTime();
        if (!ticking) {
            ticking = true;                      // before the thread runs: it clears the claim last
            try {
                ThreadGroup system = Thread.currentThread().getThreadGroup();
                while (system.getParent() != null) {
                    system = system.getParent();
                }
                new WaitClock(system).start();
            } catch (Throwable noThread) {
                ticking = false;                 // the next wait tries again; this one read a fresh time
            }
        }
    }

    @Override
    public void run() {
        try {
            while (GoroutineBlocked.wanted() && threshold >= COARSE_FROM) {
                now = System.nanoTime();
                LockSupport.parkNanos(this, TICK_NANOS);
            }
        } finally {
            ticking = false;
        }
    }
}
