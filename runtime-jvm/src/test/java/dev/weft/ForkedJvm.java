package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** For tests that need a JVM of their own (a small heap, an interpreter only, a fresh JDK state). */
public final class ForkedJvm {
    private ForkedJvm() {}

    /**
     * Runs {@code main} with {@code args} in a JVM of the running JDK, opened as Weft needs and
     * given {@code jvmArgs}; fails unless it ends within {@code limit} with exit status 0.
     *
     * @return what it printed, standard output and error together
     */
    public static String run(Class<?> main, Duration limit, List<String> jvmArgs, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = Files.createTempFile("weft-forked", ".out");
        try {
            List<String> command = new ArrayList<>(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED"));
            command.addAll(jvmArgs);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(ended, main.getSimpleName() + " did not end within " + limit + ":\n" + output);
            assertEquals(0, p.exitValue(), output);
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
