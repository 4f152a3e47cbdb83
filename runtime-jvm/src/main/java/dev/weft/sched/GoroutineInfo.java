package dev.weft.sched;

/**
 * A snapshot of one goroutine, as listed by {@link Scheduler#goroutines()}.
 *
 * @param id    the goroutine's id (its thread's id)
 * @param name  its name
 * @param state what it was doing when the snapshot was taken
 */
public record GoroutineInfo(long id, String name, Goroutine.State state) {
}
