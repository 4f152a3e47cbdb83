package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module's shape, checked on the compiled classes: it exports its API and not
 * {@code dev.weft.internal}, and its packages depend on each other as a directed acyclic graph
 * (read by {@code jdeps}, so every reference counts, not only imports).
 */
class ModuleBoundariesTest {
    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void theModuleExportsEveryPackageButInternal() {
        ModuleDescriptor module = ModuleFinder.of(CLASSES).find("dev.weft").orElseThrow().descriptor();
        Set<String> exported = module.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> api = new TreeSet<>(module.packages());
        api.remove("dev.weft.internal");
        assertEquals(api, exported);
        assertFalse(exported.contains("dev.weft.internal"));
        assertTrue(module.requires().stream().allMatch(r -> r.name().startsWith("java.") || r.name().startsWith("jdk.")),
                "the core depends on the JDK alone: " + module.requires());
    }

    @Test
    void packagesFormADirectedAcyclicGraph() {
        Map<String, Set<String>> graph = PackageGraph.of(CLASSES);
        assertTrue(graph.size() > 10, "jdeps read the packages: " + graph);
        List<String> cycle = PackageGraph.findCycle(graph);
        assertTrue(cycle.isEmpty(), "package cycle: " + String.join(" -> ", cycle));
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(4, PackageGraph.findCycle(g).size());
        assertEquals(List.of(), PackageGraph.findCycle(Map.of("a", Set.of("b"), "b", Set.of())));
    }
}
