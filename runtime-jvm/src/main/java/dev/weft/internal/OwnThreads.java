package dev.weft.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Weft's own platform threads outside the schedulers (the netpollers, the resolver's), which
 * deadlock detection does not count as program threads. Public only so that Weft's packages can
 * share it; not part of Weft's API.
 */
public final class OwnThreads {
    private static final Set<Thread> THREADS = ConcurrentHashMap.newKeySet();

    private OwnThreads() {}

    public static void add(Thread t) {
        THREADS.add(t);
    }

    /** Forgets {@code t}, which is about to end. */
    public static void remove(Thread t) {
        THREADS.remove(t);
    }

    public static boolean contains(Thread t) {
        return THREADS.contains(t) || TimerQueue.isFirer(t);
    }
}
