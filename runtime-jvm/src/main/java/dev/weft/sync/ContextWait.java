package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.context.InterruptOnDone;
import java.util.Objects;

/**
 * The context forms of the sync acquires ({@code lock(ctx)}, {@code acquire(ctx, n)},
 * {@code await(ctx)}): an interruptible wait that the context's end interrupts.
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

    static void acquire(Context ctx, Acquire acquire) {
        Objects.requireNonNull(ctx, "ctx");
        ctx.throwIfDone();
        boolean interrupted = Thread.interrupted();
        try {
            for (;;) {
                try (InterruptOnDone bound = ctx.interruptOnDone()) {
                    try {
                        acquire.run();
                        return;
                    } catch (InterruptedException e) {
                        if (!bound.fired()) {
                            interrupted = true;        // someone else's interrupt: wait on
                            continue;
                        }
                    }
                }
                ctx.throwIfDone();                     // it fired, so the context has ended
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
