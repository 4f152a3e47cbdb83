package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JDK creates its socket pollers on first use, as virtual threads of whichever scheduler
 * the first virtual thread to block in socket I/O runs on. A Weft scheduler that was that
 * scheduler and is then closed must not leave the rest of the JVM's socket I/O without them:
 * round trips between JDK virtual threads afterwards run as fast as in a JVM that never ran
 * Weft, and start no platform threads. Each side runs in a JVM of its own, since the pollers
 * are created once per JVM.
 */
class PollersTest {
    private static final Pattern RESULT = Pattern.compile("best_ms=(\\d+) platform_threads_started=(\\d+)");

    @Test
    void closingASchedulerThatDidSocketIoFirstLeavesTheJvmsIoAsFast() throws Exception {
        long[] jdkOnly = run("jdk");
        long[] afterWeft = run("weft");
        System.out.printf("pollers: %d round trips, best of %d: JDK only %d ms, after a closed Weft scheduler %d ms "
                        + "(%d platform threads started)%n", PollersMain.ROUND_TRIPS, PollersMain.REPEATS,
                jdkOnly[0], afterWeft[0], afterWeft[1]);
        assertEquals(0, afterWeft[1], "platform threads started by the JDK's I/O after the scheduler closed");
        assertTrue(afterWeft[0] <= Math.max(1.5 * jdkOnly[0], jdkOnly[0] + 20),
                "round trips after a closed Weft scheduler took " + afterWeft[0] + " ms, a JVM without Weft "
                        + jdkOnly[0] + " ms");
    }

    private static long[] run(String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = Files.createTempFile("weft-pollers", ".out");
        try {
            Process p = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), PollersMain.class.getName(), mode)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            boolean ended = p.waitFor(300, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(ended, "the " + mode + " JVM ended in time:\n" + output);
            assertEquals(0, p.exitValue(), output);
            Matcher m = RESULT.matcher(output);
            assertTrue(m.find(), output);
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
