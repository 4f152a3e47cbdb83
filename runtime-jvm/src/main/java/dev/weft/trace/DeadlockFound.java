package dev.weft.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Every goroutine of a scheduler fell asleep for good ("all goroutines are asleep - deadlock!"):
 * see {@code dev.weft.sched.DeadlockException}.
 */
@Name("dev.weft.DeadlockFound")
@Label("Deadlock Found")
@Category({"Weft", "Scheduler"})
@Description("Every goroutine of a scheduler waits in a Weft operation no one is left to complete")
@StackTrace(false)
public final class DeadlockFound extends Event {
    @Label("Scheduler")
    public String scheduler;

    @Label("Goroutines")
    public long goroutines;

    @Label("Dump")
    @Description("Every goroutine, what it waits on, and its stack")
    public String dump;
}
