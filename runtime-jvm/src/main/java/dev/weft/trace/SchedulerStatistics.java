package dev.weft.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** A live scheduler's counters, once a second while a recording runs (see {@code SchedulerStats}). */
@Name("dev.weft.SchedulerStatistics")
@Label("Scheduler Statistics")
@Category({"Weft", "Scheduler"})
@Description("A Weft scheduler's counters")
@Period("1 s")
@StackTrace(false)
public final class SchedulerStatistics extends Event {
    @Label("Scheduler")
    public String scheduler;

    @Label("Kind")
    @Description("WEFT, or JDK_DEFAULT without the add-opens")
    public String kind;

    @Label("Workers")
    public int workers;

    @Label("Live Goroutines")
    public long live;

    @Label("Goroutines Spawned")
    public long spawned;

    @Label("Steals Attempted")
    public long stealsAttempted;

    @Label("Steals Succeeded")
    public long stealsSucceeded;

    @Label("Injections")
    public long injections;

    @Label("Runnext Handoffs")
    public long runnextHandoffs;

    @Label("Worker Parks")
    public long parks;

    @Label("Worker Wakeups")
    public long wakeups;

    @Label("Compensations")
    public long compensations;
}
