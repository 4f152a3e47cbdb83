package dev.weft.sched;

import dev.weft.internal.Carrier;
import dev.weft.internal.Trace;
import dev.weft.trace.Tracer;

/**
 * Routes Weft's trace points to the {@link Tracer} of the scheduler whose goroutine they concern.
 * Installed when the first scheduler with a tracer is built.
 */
final class TraceHook implements Trace.Hook {
    static final TraceHook INSTANCE = new TraceHook();

    private TraceHook() {}

    private static Tracer tracerOf(Goroutine g) {
        return g == null ? null : g.scheduler().tracer();
    }

    @Override
    public void block(Object blocker, String operation) {
        Goroutine g = Goroutine.current();
        Tracer t = tracerOf(g);
        if (t != null) {
            t.onBlock(g.id(), operation == null ? String.valueOf(blocker) : operation + " on " + blocker);
        }
    }

    @Override
    public void resumed() {
        Goroutine g = Goroutine.current();
        Tracer t = tracerOf(g);
        if (t != null) {
            t.onSwitch(g.id(), Carrier.currentThread());
        }
    }

    @Override
    public void unblocked(Thread waiter) {
        Goroutine g = Goroutine.of(waiter);
        Tracer t = tracerOf(g);
        if (t != null) {
            Thread me = Thread.currentThread();
            t.onUnblock(g.id(), me.isVirtual() ? me.threadId() : 0);
        }
    }
}
