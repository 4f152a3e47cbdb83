package dev.weft.fluent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.chan.Chan;
import dev.weft.chan.ChanClosedException;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SelectBuilderTest {
    @RegisterExtension
    final GoroutineFailures failures = GoroutineFailures.alsoOnTheDefaultScheduler();


    @Test
    void returnsTheResultOfTheClauseThatCompleted() {
        Chan<Integer> jobs = Chan.make(1);
        Chan<String> results = Chan.make(1);
        jobs.send(7);
        String r = SelectBuilder.<String>select()
                .recv(jobs, j -> "job " + j)
                .timeout(Duration.ofSeconds(5), () -> "idle")
                .run();
        assertEquals("job 7", r);
        assertEquals("sent", SelectBuilder.<String>select().send(results, "x", () -> "sent").run());
        assertEquals("x", results.recv());
    }

    @Test
    void orElseAndTimeoutFireWhenNothingCompletes() {
        Chan<Integer> never = Chan.make();
        assertEquals("default", SelectBuilder.<String>select().recv(never, v -> "value").orElse(() -> "default").run());
        assertEquals("timeout", SelectBuilder.<String>select().recv(never, v -> "value")
                .timeout(Duration.ofMillis(10), () -> "timeout").run());
        assertEquals("expired", SelectBuilder.<String>select().recv(never, v -> "value")
                .timeout(Duration.ofMillis(-1), () -> "expired").run(), "a negative timeout has expired");
        Chan<Integer> ready = Chan.make(1);
        ready.send(7);
        assertEquals("value 7", SelectBuilder.<String>select().recv(ready, v -> "value " + v)
                .timeout(Duration.ofSeconds(Long.MAX_VALUE), () -> "timeout").run(), "a huge timeout saturates");
        assertThrows(IllegalStateException.class, () -> SelectBuilder.<String>select().run());
    }

    @Test
    void closedChannelsAreSeenOrThrown() {
        Chan<Integer> closed = Chan.make();
        closed.close();
        assertEquals("closed", SelectBuilder.<String>select()
                .recvOrClosed(closed, r -> r.isClosed() ? "closed" : "value").run());
        assertThrows(ChanClosedException.class, () -> SelectBuilder.<String>select().recv(closed, v -> "value").run());
        assertThrows(ChanClosedException.class, () -> SelectBuilder.<String>select().send(closed, 1, () -> "sent").run());
    }

    @Test
    void loopSelectsUntilAClauseSaysStop() throws Exception {
        Chan<Integer> data = Chan.make();
        Chan<Boolean> quit = Chan.make();
        AtomicInteger sum = new AtomicInteger();
        try (Scheduler s = Scheduler.builder().build()) {
            s.go(() -> {
                for (int i = 1; i <= 100; i++) {
                    data.send(i);
                }
                quit.send(true);
            });
            SelectBuilder.loop(SelectBuilder.<Boolean>select()
                    .recv(data, v -> {
                        sum.addAndGet(v);
                        return true;
                    })
                    .recv(quit, q -> false));
        }
        assertEquals(5050, sum.get());
        assertTrue(data.tryRecv().isNotReady());
    }
}
