package dev.weft.fluent;

import dev.weft.Weft;
import dev.weft.context.Context;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A fluent description of a goroutine to start: which scheduler, which name, which context,
 * which handler for what it throws.
 *
 * <pre>{@code
 * Goroutine g = Go.goroutine("fetcher")
 *         .on(io)
 *         .context(ctx)                              // runs under ctx: ends with it
 *         .onUncaught((who, e) -> log.warn(who + " failed", e))
 *         .start(() -> fetch(url));                  // may throw IOException
 * }</pre>
 *
 * Immutable: each method returns a new spec, so a spec can be shared and reused.
 */
public final class GoroutineSpec {
    private final Scheduler scheduler;
    private final String name;
    private final Context context;
    private final BiConsumer<Goroutine, Throwable> onUncaught;

    private GoroutineSpec(Scheduler scheduler, String name, Context context, BiConsumer<Goroutine, Throwable> onUncaught) {
        this.scheduler = scheduler;
        this.name = name;
        this.context = context;
        this.onUncaught = onUncaught;
    }

    /**
     * An unnamed goroutine on the caller's scheduler (see {@link Weft#scheduler()}), under the
     * caller's current context, failures to the scheduler's handler: {@link Go#goroutine()}.
     */
    static final GoroutineSpec DEFAULT = new GoroutineSpec(null, null, null, null);

    /**
     * The same spec with another name.
     *
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public GoroutineSpec name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("goroutine name must not be null or blank");
        }
        return new GoroutineSpec(scheduler, name, context, onUncaught);
    }

    /** The same spec, started on {@code scheduler}. */
    public GoroutineSpec on(Scheduler scheduler) {
        return new GoroutineSpec(Objects.requireNonNull(scheduler, "scheduler"), name, context, onUncaught);
    }

    /**
     * The same spec, running under {@code ctx}: its blocking operations end when {@code ctx}
     * does (see {@link Context#run}). Without this, a goroutine inherits the starter's current
     * context.
     */
    public GoroutineSpec context(Context ctx) {
        return new GoroutineSpec(scheduler, name, Objects.requireNonNull(ctx, "ctx"), onUncaught);
    }

    /**
     * The same spec, handing whatever the body throws to {@code handler} instead of the
     * scheduler's uncaught-exception handler.
     */
    public GoroutineSpec onUncaught(BiConsumer<Goroutine, Throwable> handler) {
        return new GoroutineSpec(scheduler, name, context, Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Starts a goroutine running {@code body}, which may throw checked exceptions (see
     * {@link Body}).
     *
     * @throws IllegalStateException if the scheduler has been shut down
     */
    public Goroutine start(Body body) {
        Objects.requireNonNull(body, "body");
        Runnable task = body.asRunnable();
        if (onUncaught != null) {
            Runnable inner = task;
            BiConsumer<Goroutine, Throwable> handler = onUncaught;
            task = () -> {
                try {
                    inner.run();
                } catch (Throwable t) {
                    handler.accept(Goroutine.current(), t);
                }
            };
        }
        if (context != null) {
            Runnable inner = task;
            Context ctx = context;
            task = () -> ctx.run(inner);
        }
        Scheduler s = scheduler != null ? scheduler : Weft.scheduler();
        return name != null ? s.go(name, task::run) : s.go(task::run);
    }
}
