package dev.weft.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A scheduler's monitor added a compensating worker: goroutines held workers past the time
 * slice (a CPU hog, or a carrier pinned in a native call or a {@code synchronized} block) while
 * others waited to run.
 */
@Name("dev.weft.WorkerCompensation")
@Label("Worker Compensation")
@Category({"Weft", "Scheduler"})
@Description("A compensating worker was added because workers were stalled")
@StackTrace(false)
public final class WorkerCompensation extends Event {
    @Label("Scheduler")
    public String scheduler;

    @Label("Stalled Workers")
    public int stalled;

    @Label("Workers")
    @Description("Workers after the addition, compensating ones included")
    public int workers;
}
