package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.context.InterruptOnDone;
import java.util.Objects;

/**
 * The context forms of the sync acquires ({@code lock(ctx)}, {@code acquire(ctx, n)},
 * {@code await(ctx)}), and the plain forms under a {@link Context#current() current} context: an
 * interruptible wait that the context's end interrupts.
 *
 * <h2>Implementation overview</h2>
 * The primitives are {@link java.util.concurrent.locks.AbstractQueuedSynchronizer}s, whose only
 * way to abandon a wait is an interrupt. The wait runs inside a
 * {@link Context#interruptOnDone()} binding: an {@link InterruptedException} while the binding
 * has fired means the context ended and nothing was acquired, so a {@link
 * dev.weft.context.ContextException} follows; any other interrupt does not end the wait (Go
 * has no interrupts, and the plain {@code lock()} ignores them too) and is restored on return.
 * An acquire that completes as the context ends stands: the caller holds what it asked for, as
 * when Go's select finds both cases ready.
 */
final class ContextWait {
    /** An interruptible acquire of the primitive. */
    @FunctionalInterface
    interface Acquire {
        void run() throws InterruptedException;
    }

    private ContextWait() {}

    /**
     * Runs {@code acquire} until it succeeds, or {@code ctx} or the thread's current context
     * ends (then throws that context's {@link dev.weft.context.ContextException}).
     */
    static void acquire(Context ctx, Acquire acquire) {
        Objects.requireNonNull(ctx, "ctx");
        ctx.throwIfDone();
        Context current = Context.current();
        Context other = current != ctx && current.canEnd() ? current : null;
        boolean interrupted = Thread.interrupted();
        try {
            for (;;) {
                InterruptOnDone bound = ctx.interruptOnDone();
                InterruptOnDone boundOther = other != null ? other.interruptOnDone() : null;
                Context ended = null;
                try {
                    acquire.run();
                    return;
                } catch (InterruptedException e) {
                    if (bound.fired()) {
                        ended = ctx;
                    } else if (boundOther != null && boundOther.fired()) {
                        ended = other;
                    } else {
                        interrupted = true;            // someone else's interrupt: wait on
                    }
                } finally {
                    if (boundOther != null) {
                        boundOther.close();
                    }
                    bound.close();
                }
                if (ended != null) {
                    ended.throwIfDone();               // it fired, so it has ended: this throws
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * For the plain forms ({@code lock()}, {@code await()}…) once they would block: the
     * thread's current context if it can end, else null (wait as usual).
     */
    static Context currentIfItCanEnd() {
        Context current = Context.current();
        return current.canEnd() ? current : null;
    }
}
