package dev.weft.context;

import dev.weft.internal.CurrentContext;

/**
 * A context that can end, as the packages beneath this one see it ({@link CurrentContext}):
 * its done channel, its exception and its interrupt binding. Registered as their source the
 * first time {@link Current} or {@link CancelContext} is used, which is before any context
 * can be current or end.
 */
final class ContextView implements CurrentContext.View {
    /** Touching this registers the source: class initialisation runs once, whoever asks first. */
    static final CurrentContext.Source SOURCE = new CurrentContext.Source() {
        @Override
        public CurrentContext.View current() {
            return of(Current.get());
        }

        @Override
        public CurrentContext.View of(Object ctx) {
            Context c = (Context) ctx;
            return c.canEnd() ? new ContextView(c) : null;
        }

        @Override
        public Object captured() {
            Context c = Current.get();
            return c == Background.INSTANCE ? null : c;
        }

        @Override
        public void run(Object ctx, Runnable body) {
            Current.run((Context) ctx, body);
        }
    };

    static {
        CurrentContext.register(SOURCE);
    }

    private final Context ctx;

    private ContextView(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Object done() {
        return ctx.done();
    }

    @Override
    public void throwIfDone() {
        ctx.throwIfDone();
    }

    @Override
    public CurrentContext.Binding interruptOnDone() {
        InterruptOnDone bound = ctx.interruptOnDone();
        return new CurrentContext.Binding() {
            @Override
            public boolean fired() {
                return bound.fired();
            }

            @Override
            public void close() {
                bound.close();
            }
        };
    }
}
