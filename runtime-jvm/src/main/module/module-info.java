/**
 * Weft's core: goroutines, channels and select, sync, context, timers, futures, structured
 * concurrency, actors and supervision, networking, on the JDK alone (with its management and
 * flight-recorder modules for the scheduler's JMX bean and Weft's JFR events, and {@code jdk.net}
 * for TCP keep-alive periods). Every package but {@code dev.weft.internal} is API.
 *
 * <p>The scheduler runs goroutines as virtual threads on its own carriers, which needs
 * {@code --add-opens java.base/java.lang=dev.weft} on the module path
 * ({@code =ALL-UNNAMED} on the class path); without it Weft falls back to the JDK's scheduler
 * and says so once.
 */
module dev.weft {
    requires java.management;
    requires jdk.jfr;
    requires jdk.management;
    requires jdk.net;

    exports dev.weft;
    exports dev.weft.actor;
    exports dev.weft.chan;
    exports dev.weft.context;
    exports dev.weft.coro;
    exports dev.weft.future;
    exports dev.weft.lockfree;
    exports dev.weft.net;
    exports dev.weft.sched;
    exports dev.weft.scope;
    exports dev.weft.select;
    exports dev.weft.supervise;
    exports dev.weft.sync;
    exports dev.weft.time;
    exports dev.weft.trace;
}
