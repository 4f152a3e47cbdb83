package dev.weft.sched;

/**
 * A snapshot of a scheduler's counters, taken by {@link Scheduler#stats()}. Counters are summed
 * from per-worker stripes without stopping the workers, so under load the fields are each
 * accurate but not a consistent cut of one instant.
 *
 * @param kind             which scheduler runs the goroutines
 * @param workers          Weft workers alive now, compensating ones included (0 under
 *                         {@link Kind#JDK_DEFAULT})
 * @param live             goroutines started and not yet finished
 * @param spawned          goroutines started since the scheduler was built
 * @param stealsAttempted  times a worker tried to steal from another's queue
 * @param stealsSucceeded  of those, how many took work
 * @param injections       tasks submitted from outside the workers (to the global queue, or to
 *                         the submitting platform thread's own queue)
 * @param globalDrains     tasks workers took from those queues
 * @param runnextHandoffs  goroutines readied into their readier's {@code runnext} slot
 * @param parks            times a worker parked for lack of work
 * @param wakeups          times a parked worker was woken
 * @param compensations    compensating workers added because a goroutine hogged or pinned one
 */
public record SchedulerStats(Kind kind, int workers, long live, long spawned,
                             long stealsAttempted, long stealsSucceeded, long injections,
                             long globalDrains, long runnextHandoffs, long parks, long wakeups,
                             long compensations) {

    /** Which scheduler runs a {@link Scheduler}'s goroutines. */
    public enum Kind {
        /** Weft's M:N work-stealing scheduler. */
        WEFT,
        /**
         * The JDK's default virtual-thread scheduler: the JVM was started without
         * {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
         */
        JDK_DEFAULT
    }
}
