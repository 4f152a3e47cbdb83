package dev.weft.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A goroutine (or a thread) waited in a Weft operation longer than the threshold (20 ms by
 * default): a channel operation, a select, a lock, a wait group, a join, a sleep, a socket. The
 * event's thread is the goroutine's virtual thread; its duration is the wait's.
 *
 * <pre>{@code
 * GoroutineBlocked event = new GoroutineBlocked();
 * event.begin();
 * ... wait ...
 * GoroutineBlocked.commit(event, "chan receive", channel);
 * }</pre>
 */
@Name("dev.weft.GoroutineBlocked")
@Label("Goroutine Blocked")
@Category({"Weft", "Goroutines"})
@Description("A goroutine waited in a Weft operation longer than the threshold")
@Threshold("20 ms")
@StackTrace(true)
public final class GoroutineBlocked extends Event {
    @Label("Operation")
    @Description("What was waited for: chan receive, select, mutex lock, join, ...")
    public String operation;

    @Label("Waiting On")
    @Description("The channel, lock or socket, as thread dumps name it")
    public String waitingOn;

    /** Ends {@code event} and commits it if a recording wants it; {@code on} is described only then. */
    public static void commit(GoroutineBlocked event, String operation, Object on) {
        event.end();
        if (event.shouldCommit()) {
            event.operation = operation;
            event.waitingOn = on == null ? null : on.toString();
            event.commit();
        }
    }
}
