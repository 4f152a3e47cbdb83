package dev.weft.bench;

import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sched.SchedulerStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a benchmark's tasks concurrently and waits for all of them: as goroutines on a Weft
 * scheduler, or as JDK virtual threads on the default scheduler (for jox and
 * {@code java.util.concurrent}).
 */
final class Peers {
    private Peers() {}

    /** A body that may throw, as jox's and the JDK's blocking calls do. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** The system property that marks a fork run on the JDK's scheduler on purpose. */
    static final String CONTROL = "weft.bench.control";

    /**
     * A scheduler for a trial: Weft's own, or, in a fork started as {@link SideBySide}'s control
     * ({@value #CONTROL} set), the JDK's that Weft falls back to without its add-opens.
     */
    static Scheduler weftScheduler() {
        Scheduler s = Scheduler.builder().name("bench").build();
        if (s.kind() != SchedulerStats.Kind.WEFT && System.getProperty(CONTROL) == null) {
            throw new IllegalStateException("the JMH fork was not opened for Weft's scheduler");
        }
        return s;
    }

    static void all(Scheduler weft, Body... bodies) throws InterruptedException {
        List<Runnable> tasks = new ArrayList<>();
        for (Body b : bodies) {
            tasks.add(() -> {
                try {
                    b.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        if (weft != null) {
            List<Goroutine> gs = new ArrayList<>();
            for (Runnable r : tasks) {
                gs.add(weft.go(r::run));
            }
            for (Goroutine g : gs) {
                g.join();
            }
        } else {
            List<Thread> ts = new ArrayList<>();
            for (Runnable r : tasks) {
                ts.add(Thread.ofVirtual().start(r));
            }
            for (Thread t : ts) {
                t.join();
            }
        }
    }
}
