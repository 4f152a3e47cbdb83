package dev.weft.sched;

/**
 * The last line of a goroutine in a dump, Go's {@code created by main.main in goroutine 5}, read
 * back from the goroutine's own stack.
 */
final class CreatedBy {
    /*
     * Go records the function of the go statement when it starts a goroutine. Capturing the
     * spawner's frame on the JVM costs a stack walk per spawn, about as much as a spawn, so
     * the function is read back at dump time instead, from the frame the goroutine's body starts
     * in (the one just above Goroutine.runBody). A body written as a lambda runs in a synthetic
     * method named after the method that wrote it, which is the method of the go statement:
     * javac's lambda$main$0 and Kotlin's main$lambda$0 in the declaring class. A body given as a
     * method reference or as a class of its own names only itself; the line then names only the
     * creating goroutine. A lambda written in a function named go is a spawning wrapper (the
     * Kotlin DSL's go { } wraps its block so), and the frame inside it is the one that counts.
     */

    private static final String RUN_BODY = "runBody";
    /** The function a spawning wrapper is named after, Go's keyword. */
    private static final String WRAPPER = "go";

    private CreatedBy() {}

    /**
     * {@code created by D.main in goroutine 5}, {@code created by D.main} (started by a platform
     * thread), {@code created by goroutine 5}, or null when neither is known.
     */
    static String line(StackTraceElement[] stack, long createdBy) {
        String function = function(stack);
        if (function == null) {
            return createdBy == 0 ? null : "created by goroutine " + createdBy;
        }
        return createdBy == 0 ? "created by " + function : "created by " + function + " in goroutine " + createdBy;
    }

    /** The method that wrote the body as a lambda, as {@code Class.method}; else null. */
    private static String function(StackTraceElement[] stack) {
        for (int i = 1; i < stack.length; i++) {
            StackTraceElement f = stack[i];
            if (f.getMethodName().equals(RUN_BODY) && f.getClassName().equals(Goroutine.class.getName())) {
                for (int j = i - 1; j >= 0; j--) {
                    String method = writer(stack[j].getMethodName());
                    if (method == null) {
                        return null;
                    }
                    if (!method.equals(WRAPPER)) {
                        return stack[j].getClassName() + "." + method;
                    }
                }
                return null;
            }
        }
        return null;
    }

    /** {@code main} of {@code lambda$main$0} (javac) or {@code main$lambda$0} (Kotlin); else null. */
    private static String writer(String synthetic) {
        if (synthetic.startsWith("lambda$")) {
            int end = synthetic.indexOf('$', "lambda$".length());
            return end > "lambda$".length() ? synthetic.substring("lambda$".length(), end) : null;
        }
        int at = synthetic.indexOf("$lambda$");
        return at > 0 ? synthetic.substring(0, at) : null;
    }
}
