package dev.weft.context;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The context bound to each thread by {@link Context#run}, {@link Context#call} and
 * {@link Context#get}: what {@link Context#current()} returns.
 *
 * <h2>Implementation overview</h2>
 * A plain {@link ThreadLocal} (not an inheritable one: copying maps at every thread start would
 * tax every spawn; the scheduler hands the context to the goroutines it starts instead). A
 * binding saves the outer value and restores it on the way out, so bindings nest as blocks do.
 * An unbound thread reads {@link Background}. ({@code ScopedValue} would be the better fit, but
 * Weft targets Java 21, where it is a preview.)
 */
final class Current {
    private static final ThreadLocal<Context> BOUND = new ThreadLocal<>();

    private Current() {}

    static Context get() {
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
