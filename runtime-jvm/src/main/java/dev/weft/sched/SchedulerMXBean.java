package dev.weft.sched;

/**
 * A {@link Scheduler} as JMX sees it: registered with the platform MBean server when it is built
 * (unless {@link Scheduler.Builder#jmx(boolean) jmx(false)}) as
 * {@code dev.weft:type=Scheduler,name="<name>",id=<n>}, and removed when it terminates. JConsole,
 * JDK Mission Control or any JMX client reads its counters and calls {@link #dump()} on a running
 * JVM. The attributes are those of {@link SchedulerStats}.
 */
public interface SchedulerMXBean {
    /** The scheduler's name. */
    String getName();

    /** {@code WEFT}, or {@code JDK_DEFAULT} without the add-opens. */
    String getKind();

    /** Workers alive now, compensating ones included. */
    int getWorkers();

    /** Goroutines started and not yet finished. */
    long getGoroutines();

    /** Goroutines started since the scheduler was built. */
    long getSpawned();

    long getStealsAttempted();

    long getStealsSucceeded();

    long getInjections();

    long getRunnextHandoffs();

    long getParks();

    long getWakeups();

    long getCompensations();

    /** {@link Scheduler#leakCount()}: goroutines found leaked; always 0 without leak detection. */
    long getLeakedGoroutines();

    /** {@link Scheduler#dump()}: every live goroutine, what it waits on, and its stack. */
    String dump();

    /** The lock cycles of {@link Scheduler#lockCycles()}, one line each; empty if none. */
    String lockCycles();
}
