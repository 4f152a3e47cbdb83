package dev.weft.sched;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.weft.internal.OwnThreads;
import dev.weft.internal.TimerQueue;
import dev.weft.internal.WeftBlocker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds a scheduler whose goroutines are all asleep for good: Go's "all goroutines are asleep"
 * check, run by the scheduler's monitor when its workers have been idle for a while.
 */
final class DeadlockCheck {
    /*
     * Implementation overview.
     *
     * The scheduler is <em>asleep</em> when it has live goroutines, all started, every one parked
     * (untimed) on a {@link WeftBlocker}; no Weft timer is pending anywhere in the JVM (a timer may
     * wake anything); and every platform thread that could act (all but the JDK's system threads,
     * idle carriers of its virtual-thread scheduler, and Weft's workers, monitors, timer and
     * netpollers) is either in {@link Scheduler#run} on this
     * scheduler or parked on a {@link WeftBlocker} itself. A {@link WeftBlocker} is only ever
     * released by another Weft operation or by the waiter's cancellation, and no thread is left that
     * could perform one.
     *
     * Each condition is read from a different thread at a different instant, so one check could
     * see a goroutine parked and, later, the thread that had just woken it parked too. The check is
     * therefore made twice, {@link #CONFIRM_NANOS} apart, and reports only when both find the
     * scheduler asleep and the workers' activity counters did not move in between: then no
     * goroutine of the scheduler ran between the two, and a platform thread that ran would have been
     * seen runnable or parked elsewhere by the second. A check that finds something awake backs off
     * (100 ms doubling to 5 s), so a server waiting for a platform thread costs nearly nothing.
     *
     * Goroutines of every Weft scheduler count: each must be parked on a {@link WeftBlocker}.
     * Virtual threads started outside Weft, which thread groups do not list, are found in the JDK's
     * thread dump, taken only when everything else is asleep: any such thread (but the JDK's socket
     * sub-pollers) counts as awake. A platform thread that waits on something else (a socket,
     * {@code Thread.sleep}) counts as awake too, so a program with such threads is never reported.
     */

    static final long CONFIRM_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Scheduler scheduler;
    private final WorkStealingExecutor pool;
    private long backoff = CONFIRM_NANOS;
    /** The activity stamp at the first check that found the scheduler asleep; -1: none yet. */
    private long asleepStamp = -1;

    DeadlockCheck(Scheduler scheduler, WorkStealingExecutor pool) {
        this.scheduler = scheduler;
        this.pool = pool;
    }

    /**
     * Monitor, with every worker parked and no work queued: one step of the check. Returns how
     * long to sleep before the next one, or 0 to sleep until woken (nothing to watch, or
     * reported).
     */
    long step() {
        if (scheduler.goroutineCount() == 0 || scheduler.isTerminated()) {
            asleepStamp = -1;
            backoff = CONFIRM_NANOS;
            return 0;
        }
        long stamp = activity();
        if (!asleep()) {
            asleepStamp = -1;
            long nap = backoff;
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            return nap;
        }
        backoff = CONFIRM_NANOS;
        if (asleepStamp == stamp && activity() == stamp) {
            asleepStamp = -1;
            scheduler.deadlocked();
            return 0;
        }
        asleepStamp = stamp;
        return CONFIRM_NANOS;
    }

    /** Grows whenever a worker parks, wakes or a task is injected: any goroutine activity. */
    private long activity() {
        return pool.counter(Worker.PARKS) + pool.counter(Worker.WAKEUPS) + pool.injections()
                + scheduler.stats().spawned();
    }

    private boolean asleep() {
        if (TimerQueue.pending() > 0) {
            return false;
        }
        Thread me = Thread.currentThread();
        for (Thread t : programThreads()) {
            if (t == me || t instanceof Worker || t instanceof Monitor || OwnThreads.contains(t)
                    || scheduler.isWaiter(t) || !t.isAlive()) {
                continue;
            }
            if (!parkedOnWeft(t)) {
                return false;
            }
        }
        Set<Long> goroutineIds = new HashSet<>();
        for (Scheduler s : Scheduler.live()) {
            // Every scheduler's: a goroutine of another may be the one to send.
            List<Goroutine> live = s.startedGoroutines();
            if (live.size() != s.goroutineCount()) {
                return false;                // one spawned but not started yet will run
            }
            for (Goroutine g : live) {
                if (!parkedOnWeft(g.thread)) {
                    return false;
                }
                goroutineIds.add(g.id());
            }
        }
        return noOtherVirtualThreads(goroutineIds);
    }

    /**
     * Whether every virtual thread of the JVM is a goroutine among {@code goroutineIds} or one of
     * the JDK's socket sub-pollers. Virtual threads started outside Weft are invisible to thread
     * groups; the JDK's thread dump lists them (with its default thread tracking). One that
     * cannot be listed counts as awake: no report.
     */
    private static boolean noOtherVirtualThreads(Set<Long> goroutineIds) {
        Path dump = null;
        try {
            dump = Files.createTempFile("weft-deadlock-check", ".txt");
            Files.delete(dump);              // the JDK refuses to overwrite
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            for (String line : Files.readAllLines(dump)) {
                // #25 "name" virtual WAITING 2026-...
                int quote = line.indexOf('"');
                if (!line.startsWith("#") || quote < 0 || !line.contains("\" virtual ")) {
                    continue;
                }
                long id = Long.parseLong(line.substring(1, quote).trim());
                String name = line.substring(quote + 1, line.indexOf('"', quote + 1));
                if (!goroutineIds.contains(id) && !name.startsWith("SubPoller-")) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException | LinkageError cannotTell) {
            return false;
        } finally {
            if (dump != null) {
                try {
                    Files.deleteIfExists(dump);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    private static boolean parkedOnWeft(Thread t) {
        return t.getState() == Thread.State.WAITING && LockSupport.getBlocker(t) instanceof WeftBlocker;
    }

    /** JDK service threads that live outside the system thread group and never run user code. */
    private static final Set<String> JDK_SERVICE_THREADS = Set.of("JFR Periodic Tasks", "JFR Recording Scheduler");

    /**
     * The platform threads that could still act: all but the JDK's own (those of the system
     * thread group itself and of its innocuous group, and JFR's) and the idle carriers of the JDK's
     * virtual-thread scheduler (a carrier that runs counts: its virtual thread could act).
     */
    private static List<Thread> programThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n = root.enumerate(all, true);
        List<Thread> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Thread t = all[i];
            ThreadGroup g = t.getThreadGroup();
            if (g == null || g == root || g.getName().equals("InnocuousThreadGroup") || JDK_SERVICE_THREADS.contains(t.getName())
                    || (g.getName().equals("CarrierThreads") && t.getState() != Thread.State.RUNNABLE)) {
                continue;
            }
            out.add(t);
        }
        return out;
    }
}
