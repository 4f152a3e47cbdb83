package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ForkedJvm;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JDK creates its socket pollers on first use, as virtual threads of whichever scheduler
 * the first virtual thread to block in socket I/O runs on. A Weft scheduler that was that
 * scheduler and is then closed must not leave the rest of the JVM's socket I/O without them:
 * round trips between JDK virtual threads afterwards run as fast as in a JVM that never ran
 * Weft, and start no platform threads. Each side runs in a JVM of its own, since the pollers
 * are created once per JVM. The assertion is the count of platform threads, which is exact: with
 * the pollers stranded, every poller wake-up started one (36,034 in 5 x 2,000 round trips, which
 * took nine times as long); the times are printed, not asserted, as a shared machine's times vary.
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
    }

    private static long[] run(String mode) throws Exception {
        String output = ForkedJvm.run(PollersMain.class, Duration.ofSeconds(300), List.of(), mode);
        Matcher m = RESULT.matcher(output);
        assertTrue(m.find(), output);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
