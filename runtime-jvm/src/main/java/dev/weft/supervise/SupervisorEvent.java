package dev.weft.supervise;

/**
 * What a supervisor reports to its {@link Supervisor.Builder#listener listener}, in order, on
 * the supervisor's own goroutine (so a listener must not block; forward to a channel if it
 * needs to).
 */
public sealed interface SupervisorEvent {
    /** The supervisor's name. */
    String supervisor();

    /** A child was started; {@code restarts} is how often it had been restarted before. */
    record ChildStarted(String supervisor, String child, int restarts) implements SupervisorEvent {}

    /** A child exited by itself: normally ({@code cause} null) or with a failure. */
    record ChildExited(String supervisor, String child, Throwable cause) implements SupervisorEvent {}

    /** A child was stopped by the supervisor (for a restart of its siblings, or shutdown). */
    record ChildStopped(String supervisor, String child) implements SupervisorEvent {}

    /** More restarts than the intensity allows: the supervisor stops its children and fails. */
    record IntensityExceeded(String supervisor, int restarts, java.time.Duration period) implements SupervisorEvent {}

    /** The supervisor has stopped every child and ended. */
    record Stopped(String supervisor) implements SupervisorEvent {}
}
