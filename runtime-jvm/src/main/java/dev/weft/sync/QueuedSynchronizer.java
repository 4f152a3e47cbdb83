package dev.weft.sync;

import dev.weft.internal.JdkClasses;
import dev.weft.trace.GoroutineBlocked;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The {@link AbstractQueuedSynchronizer} under every lock and counter of this package, made so
 * that waiting on one initializes no class.
 */
abstract class QueuedSynchronizer extends AbstractQueuedSynchronizer {
    /*
     * The JDK initializes the queue node of its synchronizers (AbstractQueuedSynchronizer$Node,
     * whose static initializer looks up field offsets) when the first thread of the JVM has to
     * queue on one. That can be a goroutine deep in a recursion, and a StackOverflowError in a
     * static initializer leaves the class unusable for the rest of the JVM: every contended
     * acquisition of every synchronizer, the JDK's own locks included, would then fail with
     * NoClassDefFoundError. So the node's class is initialized with this one, when the first of
     * this package's locks or counters is made; its waits then find it ready, and so do they
     * what a recorded wait needs.
     */
    private static final long serialVersionUID = 1L;

    static {
        JdkClasses.initialize(AbstractQueuedSynchronizer.class.getName() + "$Node");
        GoroutineBlocked.prepare();
    }
}
