package dev.weft.fluent;

import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.context.Context;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import dev.weft.time.Ticker;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.Objects;

/**
 * A goroutine that runs a body on every tick of a ticker until a context ends: Go's
 * <pre>{@code
 * t := time.NewTicker(d); defer t.Stop()
 * for { select { case <-ctx.Done(): return; case <-t.C: body() } }
 * }</pre>
 * as
 * <pre>{@code
 * Goroutine heartbeat = Go.every(Duration.ofSeconds(1)).context(ctx).name("heartbeat").start(() -> ping());
 * }</pre>
 *
 * Ticks that come while the body still runs are dropped, as Go's ticker drops them for a slow
 * receiver. The ticker is stopped when the goroutine ends: when the context ends, or when the
 * body throws (the exception then goes to the goroutine's uncaught-exception handler).
 * Immutable, like {@link GoroutineSpec}.
 */
public final class TickerSpec {
    private final Duration period;
    private final Context until;
    private final GoroutineSpec goroutine;

    private TickerSpec(Duration period, Context until, GoroutineSpec goroutine) {
        this.period = period;
        this.until = until;
        this.goroutine = goroutine;
    }

    /**
     * Ticks every {@code period}, until the starter's current context ends.
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    static TickerSpec every(Duration period) {
        if (period == null || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("ticker period must be positive, but is " + period);
        }
        return new TickerSpec(period, null, GoroutineSpec.DEFAULT);
    }

    /** The same spec, stopping when {@code ctx} ends (else when the starter's current context does). */
    public TickerSpec context(Context ctx) {
        return new TickerSpec(period, Objects.requireNonNull(ctx, "ctx"), goroutine);
    }

    /** The same spec, its goroutine named {@code name}. */
    public TickerSpec name(String name) {
        return new TickerSpec(period, until, goroutine.name(name));
    }

    /** The same spec, its goroutine described by {@code spec} (scheduler, handler…). */
    public TickerSpec as(GoroutineSpec spec) {
        return new TickerSpec(period, until, Objects.requireNonNull(spec, "spec"));
    }

    /** Starts the goroutine; it runs {@code body} on every tick. */
    public Goroutine start(Body body) {
        Objects.requireNonNull(body, "body");
        Context ctx = until != null ? until : Context.current();
        return goroutine.start(() -> {
            Ticker ticker = Time.newTicker(period);
            try {
                SelectCase<?> tick = SelectCase.recv(ticker.c());
                SelectCase<?> done = SelectCase.recv(ctx.done());
                while (Select.select(tick, done) == 0) {
                    body.run();
                }
            } finally {
                ticker.stop();
            }
        });
    }
}
