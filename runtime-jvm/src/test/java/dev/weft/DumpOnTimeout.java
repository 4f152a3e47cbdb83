package dev.weft;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test times out (every test has a default timeout, see {@code junit-platform.properties}),
 * attaches a dump of every thread of the JVM, goroutines included (the JDK's
 * {@code Thread.dump_to_file}, which lists virtual threads), so that a hang shows where each
 * goroutine waits instead of only that the test took too long. Registered for every test by
 * autodetection.
 */
public final class DumpOnTimeout implements TestExecutionExceptionHandler {
    private static final int MAX_CHARS = 200_000;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        if (t instanceof TimeoutException) {
            t.addSuppressed(new AssertionError("threads and goroutines when the test timed out:\n" + dump()));
        }
        throw t;
    }

    /** A dump of every thread of this JVM, goroutines included (cut at 200,000 characters). */
    public static String dump() {
        try {
            Path file = Files.createTempFile("weft-timeout", ".txt");
            Files.delete(file);                  // dumpThreads will not overwrite
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
                String text = Files.readString(file, StandardCharsets.UTF_8);
                return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "\n[cut]";
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            return "(no dump: " + e + ")";
        }
    }
}
