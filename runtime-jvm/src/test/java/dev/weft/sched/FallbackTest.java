package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM without {@code --add-opens java.base/java.lang=ALL-UNNAMED} still runs goroutines. */
class FallbackTest {

    @Test
    void withoutAddOpensGoroutinesRunOnTheJdkSchedulerWithOneWarning() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = Files.createTempFile("weft-fallback", ".out");
        Path err = Files.createTempFile("weft-fallback", ".err");
        try {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    FallbackMain.class.getName())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the forked JVM finished");
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), stdout + stderr);
            List<String> lines = stdout.lines().toList();
            assertEquals(List.of("kind=JDK_DEFAULT workers=0", "kind=JDK_DEFAULT workers=0", "sum=1001000"), lines);
            long warnings = stderr.lines().filter(l -> l.contains("--add-opens java.base/java.lang=ALL-UNNAMED")).count();
            assertEquals(1, warnings, "exactly one warning, naming the flag:\n" + stderr);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) throws IOException {
        Files.deleteIfExists(p);
    }
}
