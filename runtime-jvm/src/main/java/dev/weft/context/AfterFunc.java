package dev.weft.context;

import dev.weft.Weft;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A function arranged to run when a context ends ({@link Context#afterFunc}); {@link #stop()}
 * cancels the arrangement. Go's {@code context.AfterFunc} and its {@code stop}.
 */
public final class AfterFunc {
    private final CancelContext owner;
    private final Body f;
    /** Where {@code f} runs: the scheduler of the goroutine that arranged it (null: none). */
    private final Scheduler home;
    private final AtomicBoolean settled = new AtomicBoolean();

    private AfterFunc(CancelContext owner, Body f) {
        this.owner = owner;
        this.f = f;
        Goroutine arranger = Goroutine.current();
        this.home = arranger != null ? arranger.scheduler() : null;
    }

    static AfterFunc register(Context ctx, Body f) {
        AfterFunc a = new AfterFunc(CancelContext.ownerOf(ctx), f);
        if (a.owner != null && !a.owner.adopt(a)) {
            a.fire();
        }
        return a;
    }

    /**
     * Runs the function in its own goroutine, on the scheduler of the goroutine that arranged it
     * (the default scheduler if a platform thread did, or if that one has shut down), unless it
     * already ran or was stopped.
     */
    void fire() {
        if (settled.compareAndSet(false, true)) {
            Weft.go(home, "context-afterfunc", f);
        }
    }

    /**
     * Stops the function from running.
     *
     * @return true if this stopped it; false if it had already been started or stopped
     */
    public boolean stop() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        if (owner != null) {
            owner.disown(this);
        }
        return true;
    }
}
