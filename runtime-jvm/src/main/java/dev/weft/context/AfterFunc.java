package dev.weft.context;

import dev.weft.Weft;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A function arranged to run when a context ends ({@link Context#afterFunc}); {@link #stop()}
 * cancels the arrangement. Go's {@code context.AfterFunc} and its {@code stop}.
 */
public final class AfterFunc {
    private final CancelContext owner;
    private final Runnable f;
    private final AtomicBoolean settled = new AtomicBoolean();

    private AfterFunc(CancelContext owner, Runnable f) {
        this.owner = owner;
        this.f = f;
    }

    static AfterFunc register(Context ctx, Runnable f) {
        AfterFunc a = new AfterFunc(CancelContext.ownerOf(ctx), f);
        if (a.owner != null && !a.owner.adopt(a)) {
            a.fire();
        }
        return a;
    }

    /** Runs the function in its own goroutine, unless it already ran or was stopped. */
    void fire() {
        if (settled.compareAndSet(false, true)) {
            Weft.go("context-afterfunc", f);
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
