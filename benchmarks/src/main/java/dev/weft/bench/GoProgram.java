package dev.weft.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Go peers of the benchmarks, under {@code benchmarks/go}, built by the runs that use them. */
public final class GoProgram {
    private GoProgram() {}

    /**
     * Builds {@code benchmarks/go/<name>/main.go} into a temporary file and returns it; null
     * when the source is not there or there is no {@code go} on the {@code PATH}.
     */
    public static Path build(String name) throws InterruptedException, IOException {
        Path src = Path.of("benchmarks", "go", name);
        if (!Files.isDirectory(src)) {
            return null;
        }
        Path bin = Files.createTempFile("weft-" + name + "-go", "");
        try {
            Process p = new ProcessBuilder("go", "build", "-o", bin.toString(), "main.go").directory(src.toFile())
                    .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
            return p.waitFor() == 0 ? bin : null;
        } catch (IOException noGo) {
            return null;
        }
    }
}
