package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every example's main runs, and what it prints is checked. */
class ExamplesTest {

    @Test
    void helloWorldsPrintTheGoroutinesGreeting() throws Exception {
        assertEquals("hello from a goroutine", Stdout.of(() -> Hello.main(new String[0])).trim());
        assertEquals("hello from a goroutine", Stdout.of(() -> KotlinHello.main(new String[0])).trim());
    }

    @Test
    void javaWorkerPoolProcessesEveryJobOnce() throws Exception {
        String out = Stdout.of(() -> WorkerPool.main(new String[] {"4", "200"}));
        assertTrue(out.startsWith("worker pool: 4 workers processed 200 of 200 jobs, sum of squares 2,686,700,"), out);
        assertEquals(200, perWorkerTotal(out), out);
        assertTrue(out.trim().endsWith("context: live"), out);
    }

    @Test
    void kotlinWorkerPoolProcessesEveryJobOnce() throws Exception {
        String out = Stdout.of(() -> KotlinWorkerPool.main(new String[] {"3", "90"}));
        assertTrue(out.startsWith("kotlin worker pool: 3 workers processed 90 of 90 jobs, sum of squares 247,065,"), out);
        assertEquals(90, perWorkerTotal(out), out);
    }

    @Test
    void aWorkerPoolCutShortByItsDeadlineStopsEveryGoroutine() throws Exception {
        try (Scheduler s = Scheduler.builder().name("pool").build()) {
            WorkerPool.Report r = s.run(() -> WorkerPool.run(4, 1_000_000, Duration.ofMillis(30)));
            assertTrue(r.err() != null && r.err().isDeadlineExceeded(), r.toString());
            assertTrue(r.processed() < 1_000_000, r.toString());
            s.awaitQuiescence();
            assertEquals(0, s.goroutineCount(), "workers, producer and closer all ended");
        }
    }

    @Test
    void primeSieveFindsThePrimesAndLeavesNoStageRunning() throws Exception {
        String out = Stdout.of(() -> PrimeSieve.main(new String[] {"10"}));
        assertEquals("prime sieve: the first 10 primes through 9 filter goroutines: [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]", out.trim());
        try (Scheduler s = Scheduler.builder().name("sieve").build()) {
            List<Integer> primes = s.run(() -> PrimeSieve.firstPrimes(100));
            assertEquals(541, primes.get(99));
            s.awaitQuiescence();
            assertEquals(0, s.goroutineCount(), "cancelling the context ended every stage");
        }
    }

    @Test
    void fanInTakesEveryFastValueTicksAndGivesUpOnTheStalledProducer() throws Exception {
        String out = Stdout.of(() -> FanIn.main(new String[0]));
        assertTrue(out.contains("progress: "), out);
        assertTrue(out.contains("fan-in: 60 values {fast-a=20, fast-b=20, fast-c=20}"), out);
        assertTrue(out.trim().endsWith("gave up on the stalled producer after 200 ms idle: true"), out);
    }

    @Test
    void kotlinEchoMatchesEveryMessage() throws Exception {
        String out = Stdout.of(() -> Echo.main(new String[] {"20", "50"}));
        assertEquals("echo: 20 clients, 1000 messages, every echo matched", out.trim());
    }

    @Test
    void javaEchoMatchesEveryMessage() throws Exception {
        String out = Stdout.of(() -> JavaEcho.main(new String[] {"20", "50"}));
        assertEquals("echo: 20 clients, 1000 messages, every echo matched", out.trim());
    }

    @Test
    void everyUdpPingIsAnsweredThoughTheServerDropsSome() throws Exception {
        String out = Stdout.of(() -> UdpPing.main(new String[] {"10", "20"}));
        assertEquals("udp: 10 clients, 200 pings, each answered (some after a resend)", out.trim());
    }

    @Test
    void everyChatClientHearsEveryHello() throws Exception {
        String out = Stdout.of(() -> Chat.main(new String[] {"20"}));
        assertEquals("chat: 20 clients, each heard every hello", out.trim());
    }

    @Test
    void everyKotlinChatClientHearsEveryHello() throws Exception {
        String out = Stdout.of(() -> KotlinChat.main(new String[] {"20"}));
        assertEquals("kotlin chat: 20 clients, each heard every hello", out.trim());
    }

    @Test
    void coroutinesOnOneThreadAndGoroutinesShareChannelsWithoutBlockingIt() throws Exception {
        String out = Stdout.of(() -> CoroutinesAndGoroutines.main(new String[] {"4", "10000"}));
        assertEquals("coroutines and goroutines: 10000 orders through 4 goroutines, sum of squares 333,383,335,000;"
                + " quiet afterwards: true; a wait ended by its Weft deadline: true", out.trim());
    }

    private static int perWorkerTotal(String out) {
        Matcher m = Pattern.compile("per worker \\[([0-9, ]+)]").matcher(out);
        assertTrue(m.find(), out);
        int total = 0;
        for (String n : m.group(1).split(", ")) {
            int k = Integer.parseInt(n);
            total += k;
        }
        return total;
    }
}
