package dev.weft.sched;

import dev.weft.internal.Carrier;
import dev.weft.internal.JdkClasses;
import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * The JDK internals the scheduler needs, looked up once: the builder of virtual threads bound to
 * an executor here, a virtual thread's carrier in {@link Carrier}.
 */
final class VirtualThreads {
    /*
     * Implementation overview.
     *
     * A goroutine is a JDK virtual thread whose scheduler is Weft's {@link Executor}.
     * The JDK (21 through 25) can build such threads through the package-private constructor
     * {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)}; and a task readied from
     * inside a goroutine learns which worker it runs on by reading the virtual thread's
     * {@code carrierThread} field ({@link Carrier#currentThread()}). Both need
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
     * When the JVM was not opened (or a future JDK drops either member) {@link #available()} is
     * false, {@link #unavailableReason()} says why, and the scheduler falls back to
     * {@link Thread#ofVirtual()}: the JDK's own scheduler.
     *
     *
     * A third internal must be kept away from Weft's schedulers: the JDK's socket pollers
     * ({@code sun.nio.ch.Poller}). The JDK creates them when that class is initialized, by the
     * first virtual thread to block in socket I/O, and (JDK 25 on Linux, {@code jdk.pollerMode} 2)
     * they are themselves virtual threads that inherit the scheduler of the thread that created
     * them. Had a goroutine been that thread, the JVM's pollers would run on a Weft scheduler, and
     * closing it would leave every later blocking socket operation in the JVM (plain virtual
     * threads included) with pollers whose executor is gone: it crawled, and a platform thread
     * was started for every poller wake-up. {@link #startJdkHelpers()}, called before a scheduler
     * starts its first goroutine, initializes the class from a platform thread, so the pollers
     * land on the JDK's default scheduler.
     *
     * It initializes the timer of virtual threads' timed parks the same way
     * ({@code java.lang.VirtualThread$DelayedTaskSchedulers}, and the {@code FutureTask} each
     * timed park schedules): the JDK makes it at the first timed park of any virtual thread,
     * which in a Weft program is a goroutine's (a timed lock, a {@code Thread.sleep}), perhaps
     * deep in its stack. A stack overflow in a class's static initializer leaves the class
     * unusable for the rest of the JVM, and with this one every timed park of every virtual
     * thread. For the same reason it allocates a direct buffer: a worker makes its scratch
     * buffer at its first socket read, inside a goroutine, and were that the JVM's first direct
     * buffer, the JDK would initialize its deallocator of direct memory there.
     */

    private static final Constructor<?> BUILDER;
    private static final String UNAVAILABLE;

    static {
        Constructor<?> builder = null;
        String reason = Carrier.unreadableReason();
        if (reason == null) {
            try {
                Class<?> builderClass = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
                builder = builderClass.getDeclaredConstructor(Executor.class);
                builder.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                builder = null;
                reason = e.toString();
            }
        }
        BUILDER = builder;
        UNAVAILABLE = reason;
    }

    private VirtualThreads() {}

    private static final Object HELPERS_LOCK = new Object();
    private static boolean helpersStarted;             // guarded by HELPERS_LOCK

    /**
     * Makes the JDK start its socket pollers, the timer of timed parks and its deallocator of
     * direct memory now, from a platform thread, if it has not yet; see the overview.
     */
    static void startJdkHelpers() {
        synchronized (HELPERS_LOCK) {
            if (helpersStarted) {
                return;
            }
            helpersStarted = true;
        }
        Runnable init = () -> {
            JdkClasses.initialize("sun.nio.ch.Poller", "java.lang.VirtualThread$DelayedTaskSchedulers",
                    "java.util.concurrent.FutureTask");
            ByteBuffer.allocateDirect(1);
        };
        if (!Thread.currentThread().isVirtual()) {
            init.run();
            return;
        }
        Thread t = Thread.ofPlatform().name("weft-start-jdk-helpers").start(init);
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether virtual threads can be bound to Weft's executor in this JVM. */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why {@link #available()} is false; {@code null} when it is true. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** A builder of virtual threads scheduled by {@code scheduler}; requires {@link #available()}. */
    static Thread.Builder.OfVirtual builder(Executor scheduler) {
        try {
            return (Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a virtual thread builder bound to Weft's scheduler", e);
        }
    }
}
