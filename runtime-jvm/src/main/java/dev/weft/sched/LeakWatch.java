package dev.weft.sched;

import dev.weft.internal.OwnThreads;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live goroutines of a scheduler that detects leaks, held so that the garbage collector can
 * reclaim one that waits for good (Go's goroutine leak detection). Used in place of
 * {@link LiveSet}'s list, whose strong links would keep every goroutine reachable.
 */
final class LeakWatch {
    /*
     * Implementation overview.
     *
     * A goroutine and its virtual thread reference each other (the thread's task and handler are
     * the goroutine's Start record; the goroutine holds its thread), so either is reachable
     * exactly when both are. A parked goroutine is referenced from outside itself only by what
     * could wake it: the channel, lock or group it waits on (through its waiter), a timer, the
     * netpoller, a context that would interrupt it, a scope that would cancel it, a handle a
     * program holds. The JDK's own list of virtual threads is off when the JVM runs with
     * -Djdk.trackAllThreads=false, which the builder insists on. So once a parked goroutine is
     * unreachable, nothing left in the program can ever end its wait: it has leaked, and the
     * collector clears its entry here (a WeakReference) and queues it.
     *
     * Entries: one per started goroutine, allocated before anything is changed and added to a
     * concurrent set, removed and cleared by the goroutine itself as it exits (a cleared reference
     * is never queued; a goroutine running its exit is reachable, so the collector cannot have
     * queued it first). Exactly one of the exit and the collector's queueing removes an entry from
     * the set, and only that one reports: the exit as an exit, the queue as a leak.
     *
     * One daemon thread per JVM, started with the first such scheduler, waits on the queue of
     * collected entries and hands each to its scheduler (Scheduler#leaked), which reports it
     * and counts the goroutine's exit. An entry carries what a report needs, since its goroutine
     * is gone by then: id, creator, and the name, wait and stack noted when an observer (the
     * monitor's periodic look, goroutines(), dump()) first saw its current wait. The entry holds
     * strings and stack frames only, never the blocker, which would keep the goroutine reachable.
     */

    private static final ReferenceQueue<Goroutine> COLLECTED = new ReferenceQueue<>();
    private static final Object REAPER_LOCK = new Object();
    private static Thread reaper;                 // guarded by REAPER_LOCK

    private final Scheduler scheduler;
    private final Set<Entry> entries = ConcurrentHashMap.newKeySet();

    /** A goroutine, held weakly, with what its leak report needs. */
    static final class Entry extends WeakReference<Goroutine> {
        private final LeakWatch watch;
        private final long id;
        private final long createdBy;
        private volatile String name;
        private volatile String waitingOn = "";
        private volatile StackTraceElement[] stack = new StackTraceElement[0];

        private Entry(Goroutine g, LeakWatch watch) {
            super(g, COLLECTED);
            this.watch = watch;
            this.id = g.id();
            this.createdBy = g.createdBy();
            this.name = g.name();
        }

        /** An observer saw its goroutine begin a new wait: keeps its description for a report. */
        void noteWait(String name, String waitingOn, StackTraceElement[] stack) {
            this.name = name;
            this.waitingOn = waitingOn;
            this.stack = stack;
        }

        private GoroutineLeak report() {
            return new GoroutineLeak(id, name, waitingOn, createdBy, List.of(stack));
        }
    }

    LeakWatch(Scheduler scheduler) {
        this.scheduler = scheduler;
        startReaper();
    }

    /**
     * Lists {@code g}, held weakly; called by {@code g} as it starts. Returns its entry, or null
     * if there was no memory for one (the caller then lists it strongly: it is never reported).
     */
    Entry add(Goroutine g) {
        Entry e = null;
        try {
            e = new Entry(g, this);
            entries.add(e);
            return e;
        } catch (OutOfMemoryError noRoom) {
            if (e != null) {
                entries.remove(e);
                e.clear();
            }
            return null;
        }
    }

    /** Unlists the entry of a goroutine that exits. */
    void remove(Entry e) {
        entries.remove(e);
        e.clear();
    }

    /** Appends every listed goroutine still reachable to {@code out}. */
    void snapshot(List<Goroutine> out) {
        for (Entry e : entries) {
            Goroutine g = e.get();
            if (g != null) {
                out.add(g);
            }
        }
    }

    private void collected(Entry e) {
        if (entries.remove(e)) {
            try {
                scheduler.leaked(e.report());
            } finally {
                scheduler.leakExited();      // counted even if the report failed
            }
        }
    }

    private static void startReaper() {
        synchronized (REAPER_LOCK) {
            if (reaper != null) {
                return;
            }
            Thread t = new Thread(null, LeakWatch::reap, "weft-leaks", 0, false);
            t.setDaemon(true);
            OwnThreads.add(t);
            t.start();
            reaper = t;
        }
    }

    private static void reap() {
        while (true) {
            try {
                Entry e = (Entry) COLLECTED.remove();
                e.watch.collected(e);
            } catch (InterruptedException ignored) {
                // a daemon for the life of the JVM: nothing ends it
            } catch (Throwable t) {
                // An Error while reporting (an OutOfMemoryError building the report) loses that
                // report, never the thread.
                System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "reporting a leaked goroutine failed", t);
            }
        }
    }
}
