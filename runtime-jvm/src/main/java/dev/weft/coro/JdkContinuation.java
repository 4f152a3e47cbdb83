package dev.weft.coro;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The JDK's own one-shot continuation ({@code jdk.internal.vm.Continuation}, what virtual threads
 * are built on), reached when the JVM exports {@code jdk.internal.vm} to Weft
 * ({@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, or {@code =dev.weft} on the module
 * path). A continuation runs on the thread that calls {@link #run()} until it {@link #yield()}s,
 * which returns control to that call; switching costs a stack copy, not a park and an unpark.
 */
final class JdkContinuation {
    /*
     * Implementation overview.
     *
     * The continuation's class is not exported to Weft at compile time, so it is reached through
     * method handles resolved once, typed over Object; an unexported package leaves
     * AVAILABLE false and nothing else here is used. All of Weft's continuations share one
     * scope, so a yield returns to the innermost {@link #run()}. A thread that parks inside a
     * continuation mounted on a virtual thread unmounts both (the JDK freezes the frames of
     * every continuation up to the virtual thread's), and one holding a monitor can yield too
     * (the JDK freezes its monitors with its frames).
     */

    /** Whether the JDK's continuations can be used; if not, {@link #WHY_NOT} says why. */
    static final boolean AVAILABLE;
    static final String WHY_NOT;

    private static final Object SCOPE;
    private static final MethodHandle NEW;
    private static final MethodHandle RUN;
    private static final MethodHandle IS_DONE;
    private static final MethodHandle YIELD;

    static {
        Object scope = null;
        MethodHandle create = null, run = null, isDone = null, yield = null;
        String whyNot = null;
        if (!Object.class.getModule().isExported("jdk.internal.vm", JdkContinuation.class.getModule())) {
            whyNot = "java.base does not export jdk.internal.vm to Weft";
        } else {
            try {
                Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
                Class<?> cont = Class.forName("jdk.internal.vm.Continuation");
                MethodHandles.Lookup l = MethodHandles.lookup();
                scope = l.findConstructor(scopeClass, MethodType.methodType(void.class, String.class)).invoke("weft");
                create = l.findConstructor(cont, MethodType.methodType(void.class, scopeClass, Runnable.class))
                        .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
                run = l.findVirtual(cont, "run", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
                isDone = l.findVirtual(cont, "isDone", MethodType.methodType(boolean.class))
                        .asType(MethodType.methodType(boolean.class, Object.class));
                yield = l.findStatic(cont, "yield", MethodType.methodType(boolean.class, scopeClass))
                        .asType(MethodType.methodType(boolean.class, Object.class));
            } catch (Throwable e) {
                whyNot = "the JDK's continuation API is not as expected: " + e;
            }
        }
        AVAILABLE = whyNot == null;
        WHY_NOT = whyNot;
        SCOPE = scope;
        NEW = create;
        RUN = run;
        IS_DONE = isDone;
        YIELD = yield;
    }

    private final Object continuation;

    /** A continuation that will run {@code task} when first {@link #run()}; only if {@link #AVAILABLE}. */
    JdkContinuation(Runnable task) {
        try {
            continuation = (Object) NEW.invokeExact(SCOPE, task);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** Runs the task from its start or its last {@link #yield()} until it yields again or ends. */
    void run() {
        try {
            RUN.invokeExact(continuation);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** Whether the task has ended. */
    boolean isDone() {
        try {
            return (boolean) IS_DONE.invokeExact(continuation);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** From inside the task: returns control to the {@link #run()} that runs it. */
    static void yield() {
        try {
            boolean ignored = (boolean) YIELD.invokeExact(SCOPE);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    private static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(e);
    }
}
