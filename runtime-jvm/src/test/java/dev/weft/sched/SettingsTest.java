package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings resolve(Properties p, Map<String, String> env) {
        return Settings.resolve(null, null, null, null, null, null, p, env);
    }

    private static Properties props(String k, String v) {
        Properties p = new Properties();
        p.setProperty(k, v);
        return p;
    }

    @Test
    void defaultsAreTheProcessorCountAndStealing() {
        Settings s = resolve(new Properties(), Map.of());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.workers());
        assertTrue(s.workStealing());
        assertEquals(1, s.stealMinVictim());
        assertEquals(Duration.ofMillis(10), s.timeSlice());
    }

    @Test
    void propertyWinsOverEnvironmentAndBuilderWinsOverBoth() {
        Properties p = props("weft.workers", "3");
        Map<String, String> env = Map.of("WEFT_WORKERS", "5", "WEFT_WORKSTEAL", "off", "WEFT_STEAL_MIN_VICTIM", "4");
        Settings s = resolve(p, env);
        assertEquals(3, s.workers());
        assertFalse(s.workStealing());
        assertEquals(4, s.stealMinVictim());
        assertEquals(5, resolve(new Properties(), env).workers());
        assertEquals(7, Settings.resolve(7, true, 2, null, null, null, p, env).workers());
    }

    @Test
    void badValuesAreClearErrorsNamingTheSetting() {
        assertMessage(resolveError(props("weft.workers", "0"), Map.of()),
                "system property weft.workers", "positive integer", "0");
        assertMessage(resolveError(props("weft.workers", "-2"), Map.of()),
                "system property weft.workers", "-2");
        assertMessage(resolveError(new Properties(), Map.of("WEFT_WORKERS", "many")),
                "environment variable WEFT_WORKERS", "'many'");
        assertMessage(resolveError(props("weft.worksteal", "maybe"), Map.of()),
                "system property weft.worksteal", "true or false", "'maybe'");
        assertMessage(resolveError(new Properties(), Map.of("WEFT_STEAL_MIN_VICTIM", "0")),
                "environment variable WEFT_STEAL_MIN_VICTIM", "0");
        assertMessage(resolveError(props("weft.workers", "2147483647"), Map.of()),
                "system property weft.workers", "at most 32767", "2147483647");
    }

    @Test
    void builderRejectsBadValues() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Scheduler.builder().workers(0)),
                "workers", "0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Scheduler.builder().workers(-1)),
                "workers", "-1");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Scheduler.builder().workers(Integer.MAX_VALUE)), "workers", "32767", "2147483647");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Scheduler.builder().maxCompensation(Integer.MAX_VALUE)), "maxCompensation", "32767");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Scheduler.builder().stealMinVictim(0)),
                "stealMinVictim");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Scheduler.builder().timeSlice(Duration.ZERO)), "timeSlice");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Scheduler.builder().maxCompensation(-1)),
                "maxCompensation");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Scheduler.builder().name(" ")),
                "name");
    }

    @Test
    void builtSchedulerHasTheConfiguredWorkers() {
        try (Scheduler s = Scheduler.builder().workers(3).build()) {
            assertEquals(3, s.workerCount());
            assertEquals(3, s.stats().workers());
        }
    }

    @Test
    void leakDetectionWithoutTheJdkFlagIsAClearErrorAndBuildsNothing() {
        assertEquals(null, System.getProperty("jdk.trackAllThreads"), "this JVM tracks all threads");
        int schedulers = Scheduler.live().size();
        long weftThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("nope")).count();
        assertMessage(assertThrows(IllegalStateException.class,
                        () -> Scheduler.builder().name("nope").detectLeaks(true).build()),
                "-Djdk.trackAllThreads=false");
        assertEquals(schedulers, Scheduler.live().size(), "no scheduler was registered");
        assertEquals(weftThreads, Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("nope")).count(),
                "no worker was started");
    }

    private static IllegalArgumentException resolveError(Properties p, Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> resolve(p, env));
    }

    private static void assertMessage(Throwable t, String... parts) {
        for (String part : parts) {
            assertTrue(t.getMessage().contains(part), "'" + t.getMessage() + "' should mention " + part);
        }
    }
}
