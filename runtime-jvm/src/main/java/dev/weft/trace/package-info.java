/**
 * Weft's Java Flight Recorder events, in the {@code dev.weft} namespace:
 * {@link dev.weft.trace.GoroutineBlocked} (a goroutine that waited longer than a threshold, with
 * what it waited on and its stack), {@link dev.weft.trace.SchedulerStatistics} (each live
 * scheduler's counters, periodically), {@link dev.weft.trace.WorkerCompensation} (a worker added
 * because goroutines hogged or pinned the others), {@link dev.weft.trace.DeadlockFound} (every
 * goroutine of a scheduler asleep for good), {@link dev.weft.trace.LockCycleFound} (goroutines
 * waiting for one another's locks) and {@link dev.weft.trace.GoroutineLeaked} (a goroutine
 * reclaimed while it waited for good).
 *
 * <p>They are on by default in any recording, so {@code java -XX:StartFlightRecording ...} or
 * {@code jcmd <pid> JFR.start} records them; {@code dev/weft/trace/weft.jfc} in the jar is a
 * settings file for Weft's events with a lower wait threshold (10 ms; see
 * {@link dev.weft.trace.WaitThreshold}), to extract and pass
 * beside the JDK's: {@code -XX:StartFlightRecording:settings=default,settings=weft.jfc}. When no
 * recording runs, an event costs a few field writes where it is emitted.
 */
package dev.weft.trace;
