package dev.weft.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The context bound to each thread by {@link Context#run}, {@link Context#call} and
 * {@link Context#get}: what {@link Context#current()} returns.
 */
final class Current {
    /*
     * Implementation overview.
     *
     * A plain {@link ThreadLocal} (not an inheritable one: copying maps at every thread start would
     * tax every spawn; the scheduler hands the context to the goroutines it starts instead). A
     * binding saves the outer value and restores it on the way out, so bindings nest as blocks do.
     * An unbound thread reads {@link Background}. ({@code ScopedValue} would be the better fit, but
     * Weft targets Java 21, where it is a preview.)
     *
     *
     * {@link ThreadLocal#get()} creates the calling thread's map of thread locals when it has
     * none, and every goroutine that blocks asks for its context: that alone cost each parked
     * goroutine several hundred bytes. So {@link #get()} first reads the thread's own
     * {@code threadLocals} field (through the same {@code --add-opens java.base/java.lang} the
     * scheduler needs): a thread without a map has bound nothing. Without the opening it falls back
     * to {@link ThreadLocal#get()}.
     */

    private static final ThreadLocal<Context> BOUND = new ThreadLocal<>();
    /** {@code Thread.threadLocals}, or null if the JVM was not opened for it. */
    private static final VarHandle THREAD_LOCALS = threadLocalsField();

    static {
        Objects.requireNonNull(ContextView.SOURCE);   // registers it: see ContextView
    }

    private Current() {}

    private static VarHandle threadLocalsField() {
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findVarHandle(Thread.class, "threadLocals", Class.forName("java.lang.ThreadLocal$ThreadLocalMap"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static Context get() {
        if (THREAD_LOCALS != null && THREAD_LOCALS.get(Thread.currentThread()) == null) {
            return Background.INSTANCE;      // no thread locals at all, so none bound
        }
        Context c = BOUND.get();
        return c != null ? c : Background.INSTANCE;
    }

    static void run(Context ctx, Runnable body) {
        get(ctx, () -> {
            body.run();
            return null;
        });
    }

    static <T> T call(Context ctx, Callable<T> body) throws Exception {
        Context outer = BOUND.get();
        BOUND.set(ctx);
        try {
            return body.call();
        } finally {
            restore(outer);
        }
    }

    static <T> T get(Context ctx, Supplier<T> body) {
        Context outer = BOUND.get();
        BOUND.set(ctx);
        try {
            return body.get();
        } finally {
            restore(outer);
        }
    }

    private static void restore(Context outer) {
        if (outer == null) {
            BOUND.remove();
        } else {
            BOUND.set(outer);
        }
    }
}
