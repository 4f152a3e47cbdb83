package dev.weft.fluent;

import dev.weft.Weft;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.util.Objects;

/**
 * A fluent description of a goroutine to start: which scheduler, which name.
 *
 * <pre>{@code
 * Goroutine g = GoroutineSpec.named("fetcher").on(io).start(() -> fetch(url));
 * }</pre>
 *
 * Immutable: each method returns a new spec, so a spec can be shared and reused.
 */
public final class GoroutineSpec {
    private final Scheduler scheduler;
    private final String name;

    private GoroutineSpec(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
    }

    /** A spec for an unnamed goroutine on the caller's scheduler (see {@link Weft#scheduler()}). */
    public static GoroutineSpec unnamed() {
        return new GoroutineSpec(null, null);
    }

    /**
     * A spec for a goroutine named {@code name} on the caller's scheduler.
     *
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public static GoroutineSpec named(String name) {
        return unnamed().name(name);
    }

    /**
     * The same spec with another name.
     *
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public GoroutineSpec name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("goroutine name must not be null or blank");
        }
        return new GoroutineSpec(scheduler, name);
    }

    /** The same spec, started on {@code scheduler}. */
    public GoroutineSpec on(Scheduler scheduler) {
        return new GoroutineSpec(Objects.requireNonNull(scheduler, "scheduler"), name);
    }

    /**
     * Starts a goroutine running {@code body}.
     *
     * @throws IllegalStateException if the scheduler has been shut down
     */
    public Goroutine start(Runnable body) {
        Scheduler s = scheduler != null ? scheduler : Weft.scheduler();
        return name != null ? s.go(name, body) : s.go(body);
    }
}
