package dev.weft.fluent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.PackageGraph;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Java face uses the core's API only: nothing of {@code dev.weft.internal}. */
class BoundariesTest {
    @Test
    void theFaceUsesNoInternalPackage() {
        Map<String, Set<String>> graph = PackageGraph.of(Path.of("target", "classes"));
        assertEquals(Set.of("dev.weft.fluent"), graph.keySet());
        assertTrue(graph.values().stream().noneMatch(uses -> uses.contains("dev.weft.internal")), graph.toString());
    }
}
