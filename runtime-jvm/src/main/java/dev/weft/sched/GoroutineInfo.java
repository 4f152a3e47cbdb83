package dev.weft.sched;

import java.time.Duration;

/**
 * A snapshot of one goroutine, as listed by {@link Scheduler#goroutines()}.
 *
 * @param id        the goroutine's id (its thread's id)
 * @param name      its name
 * @param state     what it was doing when the snapshot was taken
 * @param waitingOn what it was parked on, when {@code WAITING} ({@code "chan receive on
 *                  Chan#12[cap=0]"}, {@code "mutex lock (locked)"}…); empty otherwise, or
 *                  when it parked in code that names no blocker
 * @param createdBy the id of the goroutine (or virtual thread) that started it; 0 if a platform
 *                  thread did
 * @param waited    when {@code WAITING}, how long it has been parked on what it waits on, as the
 *                  scheduler observed it: the scheduler looks at its parked goroutines about once
 *                  a second while it runs, and before it goes idle, so the figure may be short by
 *                  that much (Go's wait durations are approximate too); waits on one lock, group
 *                  or socket that end and begin again between two looks count as one. Zero when
 *                  not waiting.
 */
public record GoroutineInfo(long id, String name, Goroutine.State state, String waitingOn, long createdBy,
                            Duration waited) {
}
