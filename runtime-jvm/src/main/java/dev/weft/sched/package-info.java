/**
 * Goroutines and the schedulers that run them.
 *
 * <p>A {@link dev.weft.sched.Goroutine} is a JDK virtual thread run by a
 * {@link dev.weft.sched.Scheduler}: Weft's own M:N work-stealing scheduler (per-worker run
 * queues with a {@code runnext} slot, a global queue, stealing, spinning then parking workers,
 * and a monitor that compensates for carriers a goroutine hogs or pins), or the JDK's default
 * scheduler when the JVM does not open {@code java.lang} to Weft. Blocking in a goroutine parks
 * it; the carrier runs the next one.
 *
 * <pre>{@code
 * try (Scheduler s = Scheduler.builder().name("app").workers(4).build()) {
 *     Goroutine g = s.go("worker", () -> work());
 *     g.join();
 * }
 * }</pre>
 *
 * <p>Introspection: {@link dev.weft.sched.Scheduler#stats()}, {@link dev.weft.sched.Scheduler#goroutines()},
 * {@link dev.weft.sched.Scheduler#dump()} (Go's format, with what each goroutine waits on),
 * {@link dev.weft.sched.Scheduler#lockCycles()}, a {@link dev.weft.sched.SchedulerMXBean} per
 * scheduler, and {@link dev.weft.sched.DeadlockException} from
 * {@link dev.weft.sched.Scheduler#run} when every goroutine is asleep for good.
 */
package dev.weft.sched;
