package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void demoPrintsWhatItDid() throws Exception {
        String out = Stdout.of(() -> Demo.main(new String[] {"10000"}));
        assertTrue(out.contains("WEFT with"), out);
        assertTrue(out.contains("\nworker pool: 4 workers processed 100 of 100 jobs, sum of squares 338,350"), out);
        assertTrue(out.contains("kotlin worker pool: 4 workers processed 100 of 100 jobs, sum of squares 338,350"), out);
        assertTrue(out.contains("of 100000 jobs") && out.contains("context: context deadline exceeded"), out);
        assertTrue(out.contains("prime sieve: the first 25 primes [2, 3, 5, 7, 11,"), out);
        assertTrue(out.contains("fan-in: 60 values from {fast-a=20, fast-b=20, fast-c=20}"), out);
        assertTrue(out.contains("over one channel: 338,350"), out);
        assertTrue(out.contains("10,000 goroutines alive and parked"), out);
        assertTrue(out.contains("summed: 50,005,000 (expected 50,005,000)"), out);
        assertTrue(out.contains("stats: spawned "), out);
    }
}
