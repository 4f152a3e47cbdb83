package dev.weft.sched;

import dev.weft.internal.Setting;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A scheduler's configuration, resolved once: builder value, else system property, else
 * environment variable, else default.
 *
 * <p>A value that is present but bad (not a number, zero or negative where a positive count is
 * required, not {@code true}/{@code false}) is an {@link IllegalArgumentException} naming the
 * setting and the value, never a silent fallback to the default.
 *
 * @param workers          number of workers (Go's {@code GOMAXPROCS})
 * @param workStealing     whether idle workers steal from busy ones (go_fiber's {@code GOF_WORKSTEAL})
 * @param stealMinVictim   a victim's queue must hold at least this many tasks to be stolen from
 *                         (go_fiber's {@code GOF_STEAL_MIN_VICTIM})
 * @param timeSlice        how long one goroutine may hold a worker while others wait before the
 *                         monitor compensates
 * @param maxCompensation  the most compensating workers that may exist at once
 * @param detectLeaks      whether goroutines blocked for good are found by the collector
 *                         ({@link LeakWatch})
 */
record Settings(int workers, boolean workStealing, int stealMinVictim, Duration timeSlice,
                int maxCompensation, boolean detectLeaks) {

    static final String WORKERS_PROPERTY = "weft.workers";
    static final String WORKERS_ENV = "WEFT_WORKERS";
    static final String WORKSTEAL_PROPERTY = "weft.worksteal";
    static final String WORKSTEAL_ENV = "WEFT_WORKSTEAL";
    static final String STEAL_MIN_VICTIM_PROPERTY = "weft.steal.minVictim";
    static final String STEAL_MIN_VICTIM_ENV = "WEFT_STEAL_MIN_VICTIM";
    static final String DETECT_LEAKS_PROPERTY = "weft.detectLeaks";
    static final String DETECT_LEAKS_ENV = "WEFT_DETECT_LEAKS";

    static final Duration DEFAULT_TIME_SLICE = Duration.ofMillis(10);
    static final int DEFAULT_MAX_COMPENSATION = 256;
    /**
     * The most workers a scheduler may have, compensating ones included: {@code ForkJoinPool}'s
     * limit. A count beyond it is a mistake (a worker is a platform thread with its own stack),
     * and an {@link IllegalArgumentException} at once beats an {@link OutOfMemoryError} later.
     */
    static final int MAX_WORKERS = 0x7fff;

    /**
     * Resolves every setting from builder values (null = unset), properties and environment.
     *
     * @throws IllegalStateException if leak detection is asked for in a JVM whose properties do
     *                               not have {@code jdk.trackAllThreads=false}
     */
    static Settings resolve(Integer workers, Boolean workStealing, Integer stealMinVictim,
                            Duration timeSlice, Integer maxCompensation, Boolean detectLeaks,
                            Properties properties, Map<String, String> env) {
        int w = workers != null
                ? workers
                : Setting.positiveInt(WORKERS_PROPERTY, WORKERS_ENV, properties, env,
                        Runtime.getRuntime().availableProcessors(), MAX_WORKERS);
        boolean steal = workStealing != null
                ? workStealing
                : Setting.bool(WORKSTEAL_PROPERTY, WORKSTEAL_ENV, properties, env, true);
        int minVictim = stealMinVictim != null
                ? stealMinVictim
                : Setting.positiveInt(STEAL_MIN_VICTIM_PROPERTY, STEAL_MIN_VICTIM_ENV, properties, env, 1, Integer.MAX_VALUE);
        boolean leaks = detectLeaks != null
                ? detectLeaks
                : Setting.bool(DETECT_LEAKS_PROPERTY, DETECT_LEAKS_ENV, properties, env, false);
        if (leaks && !"false".equals(properties.getProperty("jdk.trackAllThreads"))) {
            throw new IllegalStateException("leak detection needs the JVM started with -Djdk.trackAllThreads=false: "
                    + "otherwise the JDK keeps every virtual thread reachable, and no goroutine could ever be found leaked");
        }
        return new Settings(w, steal, minVictim,
                timeSlice != null ? timeSlice : DEFAULT_TIME_SLICE,
                maxCompensation != null ? maxCompensation : DEFAULT_MAX_COMPENSATION, leaks);
    }
}
