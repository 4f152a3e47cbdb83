package dev.weft.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A goroutine (or a thread) waited in a Weft operation at least the {@code waitThreshold}
 * setting (20 ms by default; {@link WaitThreshold}): a channel operation, a select, a lock, a
 * wait group, a join, a sleep, a socket. The event's thread is the goroutine's virtual thread,
 * its stack the wait's, its time the wait's end, and {@code waited} how long the wait lasted,
 * to the millisecond. Unlike a JFR duration event, the event's own duration is zero and its
 * {@code threshold} setting must stay at zero: a wait is timed by a clock Weft keeps, which
 * costs the wait a few field reads where the flight recorder's timing costs two readings of
 * the operating system's clock.
 *
 * <pre>{@code
 * long start = GoroutineBlocked.startIfRecorded();   // NOT_RECORDED unless a recording wants it
 * ... wait ...
 * GoroutineBlocked.endIfRecorded(start, "chan receive", channel);
 * }</pre>
 */
@Name("dev.weft.GoroutineBlocked")
@Label("Goroutine Blocked")
@Category({"Weft", "Goroutines"})
@Description("A goroutine waited in a Weft operation at least the wait threshold")
@StackTrace(true)
public final class GoroutineBlocked extends Event {
    /** What {@link #startIfRecorded()} returns while no recording wants this event. */
    public static final long NOT_RECORDED = Long.MIN_VALUE;

    @Label("Operation")
    @Description("What was waited for: chan receive, select, mutex lock, join, ...")
    public String operation;

    @Label("Waiting On")
    @Description("The channel, lock or socket, as Weft's dump names it")
    public String waitingOn;

    @Label("Waited")
    @Description("How long the wait lasted, to the millisecond")
    @Timespan(Timespan.NANOSECONDS)
    public long waited;

    /** Set once the flight recorder is up: the event's type, whose enabled flag is read per wait. */
    private static volatile EventType type;

    /** The {@code waitThreshold} setting: only waits at least this long are recorded. */
    @Name("waitThreshold")
    @Label("Wait Threshold")
    @Description("The shortest wait recorded")
    @SettingDefinition
    public boolean waitThreshold(WaitThreshold setting) {
        return waited >= WaitClock.threshold();
    }

    /**
     * Makes ready, on the caller's thread, what a recorded wait needs, so that no wait is the
     * first to initialize it at the bottom of a deep stack: this class (which registers the event
     * when a flight recorder runs) and the JDK's class that the first event written uses. Called
     * by the classes whose instances wait, as they are initialized.
     */
    public static void prepare() {
        try {
            Class.forName("jdk.jfr.internal.Bits", true, null);
        } catch (ClassNotFoundException | LinkageError anotherJdk) {
            // not a class of this JDK, or made elsewhere: nothing to prepare
        }
    }

    /** Whether a recording wants this event now. */
    static boolean wanted() {
        if (!FlightRecorder.isInitialized()) {
            return false;
        }
        EventType t = type;
        if (t == null) {
            type = t = EventType.getEventType(GoroutineBlocked.class);
        }
        return t.isEnabled();
    }

    /**
     * The start of a wait, for {@link #endIfRecorded}; {@link #NOT_RECORDED} unless a recording
     * wants this event now. Allocates nothing.
     */
    public static long startIfRecorded() {
        try {
            return wanted() ? WaitClock.now() : NOT_RECORDED;
        } catch (Throwable recordingFailed) {
            return NOT_RECORDED;             // an OutOfMemoryError here must not fail the wait
        }
    }

    /**
     * Records the wait begun at {@code start} if it lasted at least the threshold; {@code on} is
     * described only then. Never throws: the wait's outcome stands.
     */
    public static void endIfRecorded(long start, String operation, Object on) {
        if (start != NOT_RECORDED) {
            end(start, operation, on);      // apart, so that this check inlines into every wait
        }
    }

    private static void end(long start, String operation, Object on) {
        try {
            long waited = WaitClock.now() - start;
            if (waited >= WaitClock.threshold()) {
                GoroutineBlocked event = new GoroutineBlocked();
                event.operation = operation;
                event.waitingOn = on == null ? null : on.toString();
                event.waited = waited;
                event.commit();
            }
        } catch (Throwable recordingFailed) {
            // the wait is over and its outcome stands: a failure to record it must not change it
        }
    }
}
