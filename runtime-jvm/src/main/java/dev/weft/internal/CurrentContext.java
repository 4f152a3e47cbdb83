package dev.weft.internal;

/**
 * The thread's current context, as the packages beneath {@code dev.weft.context} see it: how a
 * channel operation, a select, a join or a scheduler wait observes a context without depending
 * on the package that defines contexts (which depends on them). Public only so that Weft's
 * packages can share it; not part of Weft's API.
 *
 * <p>{@code dev.weft.context} registers its {@link Source} when it binds a context to a thread
 * for the first time. Until then no thread has a current context, so {@link #current()} and
 * {@link #captured()} return null: the order in which classes are loaded cannot lose a
 * binding.
 */
public final class CurrentContext {
    /** A context that can end. */
    public interface View {
        /** The channel closed when it ends (a {@code Chan<Void>}). */
        Object done();

        /** Throws the context's {@code ContextException} if it has ended; else returns. */
        void throwIfDone();

        /** Interrupts the calling thread when the context ends, until the binding is closed. */
        Binding interruptOnDone();
    }

    /** An interrupt bound to a context's end; see {@code InterruptOnDone}. */
    public interface Binding extends AutoCloseable {
        /** Whether the context ended while bound, so the interrupt was its own. */
        boolean fired();

        /** Withdraws the binding, clearing the interrupt it delivered, if it did. */
        @Override
        void close();
    }

    /** What {@code dev.weft.context} provides. */
    public interface Source {
        /** The calling thread's current context if it can end, else null. */
        View current();

        /** {@code ctx} (a {@code Context}) if it can end, else null. */
        View of(Object ctx);

        /** The calling thread's current context (a {@code Context}), or null if none is bound. */
        Object captured();

        /** Runs {@code body} with {@code ctx}, a {@link #captured()} context, current. */
        void run(Object ctx, Runnable body);
    }

    private static volatile Source source;

    private CurrentContext() {}

    /** Called once, by {@code dev.weft.context}, before it first binds a context to a thread. */
    public static void register(Source s) {
        source = s;
    }

    /** The calling thread's current context if it can end, else null. */
    public static View current() {
        Source s = source;
        return s == null ? null : s.current();
    }

    /** {@code ctx} (a {@code Context}) seen as a view, or null if it can never end. */
    public static View of(Object ctx) {
        Source s = source;
        return s == null ? null : s.of(ctx);
    }

    /**
     * The calling thread's current context, or null if none is bound: what a goroutine it
     * spawns inherits, to {@link #run} under.
     */
    public static Object captured() {
        Source s = source;
        return s == null ? null : s.captured();
    }

    /** Runs {@code body} with {@code ctx}, which {@link #captured()} returned, current. */
    public static void run(Object ctx, Runnable body) {
        source.run(ctx, body);
    }
}
