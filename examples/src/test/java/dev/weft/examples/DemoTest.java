package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void demoPrintsWhatItDid() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            Demo.main(new String[] {"10000"});
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        original.print(out);
        assertTrue(out.contains("WEFT with"), out);
        assertTrue(out.contains("10,000 goroutines alive and parked"), out);
        assertTrue(out.contains("summed: 50,005,000 (expected 50,005,000)"), out);
        assertTrue(out.contains("sum of squares 333,833,500"), out);
        assertTrue(out.contains("over one channel: 338,350"), out);
        assertTrue(out.contains("stats: spawned 11,003"), out);
    }
}
