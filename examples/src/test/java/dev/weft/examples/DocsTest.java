package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's documentation holds together: every relative link in {@code README.md} and
 * {@code docs/} reaches a file (and, with {@code #anchor}, a heading in it), and every public
 * type of the published modules has a doc comment.
 */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("\\[[^]]*]\\(([^)\\s]+)\\)");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^\\s*public\\s+(?:static\\s+|final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");
    private static final Pattern PUBLIC_KOTLIN_TYPE = Pattern.compile(
            "^\\s*public\\s+(?:\\w+\\s+)*(?:class|interface|object)\\s+(\\w+)");

    private static final Path ROOT = root();

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("runtime-jvm"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyRelativeLinkReachesItsTarget() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> dead = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            Matcher m = LINK.matcher(withoutCode(Files.readString(page)));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;                          // https:, mailto:: not checked offline
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    dead.add(ROOT.relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    dead.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), dead, "dead links");
        assertTrue(checked > 20, "links checked: " + checked);
    }

    /** The text outside fenced code blocks, where a {@code [x](y)} is code, not a link. */
    private static String withoutCode(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean inCode = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode) {
                out.append(line.replaceAll("`[^`]*`", "")).append('\n');
            }
        }
        return out.toString();
    }

    /** GitHub's anchors for a page's headings. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        if (!page.toString().endsWith(".md")) {
            return out;
        }
        for (String line : withoutCode(Files.readString(page)).split("\n")) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
                out.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    @Test
    void everyPublicTypeHasADocComment() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String module : List.of("runtime-jvm/src/main/java", "java-api/src/main/java",
                "dsl-kotlin/src/main/kotlin", "coroutines/src/main/kotlin")) {
            List<Path> sources;
            try (Stream<Path> files = Files.walk(ROOT.resolve(module))) {
                sources = files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".kt")).sorted().toList();
            }
            for (Path source : sources) {
                List<String> lines = Files.readAllLines(source);
                Pattern type = source.toString().endsWith(".kt") ? PUBLIC_KOTLIN_TYPE : PUBLIC_TYPE;
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = type.matcher(lines.get(i));
                    if (!m.find()) {
                        continue;
                    }
                    checked++;
                    int j = i - 1;
                    while (j >= 0 && (lines.get(j).isBlank() || lines.get(j).trim().startsWith("@"))) {
                        j--;
                    }
                    if (j < 0 || !lines.get(j).trim().endsWith("*/") || !opensDocComment(lines, j)) {
                        missing.add(ROOT.relativize(source) + ":" + (i + 1) + " " + m.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "public types without a doc comment");
        assertTrue(checked > 50, "types checked: " + checked);
    }

    /** Whether the comment that ends on line {@code end} is a doc comment ({@code /**}). */
    private static boolean opensDocComment(List<String> lines, int end) {
        for (int k = end; k >= 0; k--) {
            int open = lines.get(k).indexOf("/*");
            if (open >= 0) {
                return lines.get(k).startsWith("/**", open);
            }
        }
        return false;
    }
}
