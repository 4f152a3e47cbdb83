package dev.weft.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A goroutine was blocked for good, and the garbage collector reclaimed it while it waited: see
 * {@code dev.weft.sched.Scheduler#leaks()}.
 */
@Name("dev.weft.GoroutineLeaked")
@Label("Goroutine Leaked")
@Category({"Weft", "Goroutines"})
@Description("A goroutine waited on something nothing reachable could ever act on, and was reclaimed")
@StackTrace(false)
public final class GoroutineLeaked extends Event {
    @Label("Scheduler")
    public String scheduler;

    @Label("Goroutine")
    public long goroutine;

    @Label("Waiting On")
    @Description("What it waited on as the scheduler last saw it; empty if it never saw the wait")
    public String waitingOn;

    @Label("Report")
    @Description("The goroutine, its wait and its stack as the scheduler last saw them")
    public String report;
}
