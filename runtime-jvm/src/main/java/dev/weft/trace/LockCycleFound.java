package dev.weft.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A partial deadlock: goroutines of a scheduler each waiting for a {@code Mutex} or
 * {@code RWMutex} the next one holds, found by the scheduler's own watch (see
 * {@code Scheduler.lockCycles()}). Recorded once per cycle.
 */
@Name("dev.weft.LockCycleFound")
@Label("Lock Cycle Found")
@Category({"Weft", "Scheduler"})
@Description("Goroutines each waiting for a lock the next one holds")
@StackTrace(false)
public final class LockCycleFound extends Event {
    @Label("Scheduler")
    public String scheduler;

    @Label("Cycle")
    @Description("lock cycle: goroutine 5 \"a\" -> goroutine 7 \"b\" -> goroutine 5, then each goroutine with its stack")
    public String cycle;
}
