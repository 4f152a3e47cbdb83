package dev.weft.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
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
 * GoroutineBlocked event = GoroutineBlocked.beginIfRecorded();   // null unless a recording wants it
 * ... wait ...
 * if (event != null) GoroutineBlocked.commit(event, "chan receive", channel);
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
    @Description("The channel, lock or socket, as Weft's dump names it")
    public String waitingOn;

    /** Set once the flight recorder is up: the event's type, whose enabled flag is read per wait. */
    private static volatile EventType type;

    /**
     * A begun event if a recording wants this event now, else null: a wait allocates nothing
     * while none does, and a parked goroutine keeps no event in its stack.
     */
    public static GoroutineBlocked beginIfRecorded() {
        if (!FlightRecorder.isInitialized()) {
            return null;
        }
        try {
            EventType t = type;
            if (t == null) {
                type = t = EventType.getEventType(GoroutineBlocked.class);
            }
            if (!t.isEnabled()) {
                return null;
            }
            GoroutineBlocked event = new GoroutineBlocked();
            event.begin();
            return event;
        } catch (Throwable recordingFailed) {
            return null;                     // an OutOfMemoryError here must not fail the wait
        }
    }

    /**
     * Ends {@code event} and commits it if its duration passes the threshold; {@code on} is
     * described only then. Never throws: the wait's outcome stands.
     */
    public static void commit(GoroutineBlocked event, String operation, Object on) {
        try {
            event.end();
            if (event.shouldCommit()) {
                event.operation = operation;
                event.waitingOn = on == null ? null : on.toString();
                event.commit();
            }
        } catch (Throwable recordingFailed) {
            // the wait is over and its outcome stands: a failure to record it must not change it
        }
    }
}
