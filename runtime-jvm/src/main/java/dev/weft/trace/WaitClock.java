package dev.weft.trace;

import java.util.concurrent.locks.LockSupport;

/**
 * The clock that times waits for {@link GoroutineBlocked}: a platform thread that stores
 * {@link System#nanoTime()} every millisecond while a recording wants the event and waits read
 * it, so that a wait reads a field instead of the operating system's clock.
 */
final class WaitClock extends Thread {
    /*
     * Implementation overview.
     *
     * Reading the clock costs tens of nanoseconds, twice per wait; on a channel round trip of a
     * few hundred that is a quarter of the time. A threshold of milliseconds needs no such
     * precision, so a wait reads {@link #now}, which the ticking thread refreshes every
     * {@link #TICK_NANOS}: a wait is timed to within a tick (more while the ticking thread
     * gets no core, when it lags and waits read short). Below {@link #COARSE_FROM} the tick
     * would be too coarse for the threshold, and waits read the clock itself.
     *
     * {@link #now} is either a time at most a tick old (while the thread ticks and gets a core)
     * or {@link #STALE}; a wait that reads STALE reads the system clock instead, so no wait ever
     * takes an old time for a fresh one. The thread stores STALE before it stops refreshing:
     * - when it has not been read for {@link #IDLE_TICKS} ticks, it rests, so that a recording
     *   of an idle program costs nothing; a wait that finds STALE marks the clock read and
     *   unparks the thread (the permit covers an unpark that comes before the park), which then
     *   ticks again;
     * - when the event is no longer wanted, or the threshold is too fine for a tick, it ends.
     * A wait that finds no thread starts one. Starts are serialised, and a thread clears
     * {@link #thread} last, so there is never more than one, and a wait that comes after a
     * thread ended starts the next.
     *
     * Waits mark the clock read with a plain check before the store ({@link #read}), so a busy
     * program writes the flag's line about once per tick, not once per wait.
     *
     * The thread belongs to the system thread group, with the JDK's service threads: it runs no
     * application code and wakes no one, so deadlock detection does not count it among the
     * threads that could still act.
     *
     * No field has an initializer (STALE is zero): the class is first used by a wait, at any
     * depth of a stack, where a static initializer cut short by a StackOverflowError would leave
     * it unusable.
     */

    /** How often the time is refreshed. */
    static final long TICK_NANOS = 1_000_000;

    /** Thresholds from which a tick's precision suffices. */
    static final long COARSE_FROM = 4 * TICK_NANOS;

    /** Ticks without a wait reading the clock before the thread rests. */
    static final int IDLE_TICKS = 100;

    /** How long a resting thread sleeps before it looks again whether the event is wanted. */
    private static final long REST_NANOS = 1_000_000_000;

    /** {@link #now} when no thread refreshes it. */
    private static final long STALE = 0;

    /** The threshold in force ({@link WaitThreshold}), in nanoseconds. */
    private static volatile long threshold;

    /** {@link System#nanoTime()} at the last tick, or {@link #STALE}. */
    private static volatile long now;

    /** Whether a wait has read the clock since the thread last looked. */
    private static volatile boolean read;

    /** The ticking thread, or null. */
    private static volatile Thread thread;

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

    /** Whether the thread exists but has stopped refreshing the time for want of readers. */
    static boolean resting() {
        return thread != null && now == STALE;
    }

    /** The time for a wait that the event wants to time; may start or wake the ticking thread. */
    static long now() {
        if (threshold < COARSE_FROM) {
            return System.nanoTime();
        }
        long t = now;
        if (!read) {
            read = true;
        }
        if (t == STALE) {
            Thread ticking = thread;
            if (ticking == null) {
                startTicking();
            } else {
                LockSupport.unpark(ticking);
            }
            return System.nanoTime();
        }
        return t;
    }

    private static synchronized void startTicking() {
        if (thread == null) {
            try {
                ThreadGroup system = Thread.currentThread().getThreadGroup();
                while (system.getParent() != null) {
                    system = system.getParent();
                }
                WaitClock t = new WaitClock(system);
                thread = t;                      // before it runs: it clears the field last
                t.start();
            } catch (Throwable noThread) {
                thread = null;                   // the next wait tries again; this one reads the system clock
            }
        }
    }

    @Override
    public void run() {
        try {
            int idle = 0;
            while (GoroutineBlocked.wanted() && threshold >= COARSE_FROM) {
                if (read) {
                    read = false;
                    idle = 0;
                } else if (idle < IDLE_TICKS) {
                    idle++;
                }
                if (idle < IDLE_TICKS) {
                    long t = System.nanoTime();
                    now = t != STALE ? t : t + 1;
                    LockSupport.parkNanos(this, TICK_NANOS);
                } else {
                    now = STALE;
                    LockSupport.parkNanos(this, REST_NANOS);
                }
            }
        } finally {
            now = STALE;
            thread = null;
        }
    }
}
