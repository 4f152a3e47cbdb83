package dev.weft.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.chan.Chan;
import dev.weft.chan.ChanClosedException;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    @Test
    void badClausesAreRejectedAtOnce() {
        Chan<Integer> ch = Chan.make(1);
        assertThrows(NullPointerException.class, () -> SelectBuilder.<String>select().send(ch, null, () -> "sent"));
        assertThrows(NullPointerException.class, () -> SelectBuilder.<String>select().recv(ch, null));
        assertThrows(NullPointerException.class, () -> SelectBuilder.<String>select().timeout(null, () -> "t"));
        assertThrows(NullPointerException.class, () -> SelectBuilder.<String>select().context(null));
        IllegalStateException both = assertThrows(IllegalStateException.class, () -> SelectBuilder.<String>select()
                .orElse(() -> "default").timeout(Duration.ofSeconds(1), () -> "timeout"));
        assertEquals("a select with a default (orElse) cannot also have a timeout", both.getMessage());
        NullPointerException nullCase = assertThrows(NullPointerException.class,
                () -> Select.select(SelectCase.recv(ch), null));
        assertEquals("select case 1 is null (a case on a null channel is SelectCase.recv(null))", nullCase.getMessage());
        assertEquals(0, ch.len(), "nothing happened");
    }

    @Test
    void aContextClauseThrowsItsExceptionWhenItEnds() {
        Chan<Integer> never = Chan.make();
        CancelContext ended = Context.background().withCancel();
        ended.cancel();
        Chan<Integer> ready = Chan.make(1);
        ready.send(1);
        assertThrows(ContextException.class, () -> SelectBuilder.<String>select().recv(ready, v -> "value")
                .context(ended).run(), "an ended context is checked before any clause");
        assertEquals(1, ready.len(), "and nothing was received");
        try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(10))) {
            ContextException e = assertThrows(ContextException.class,
                    () -> SelectBuilder.<String>select().recv(never, v -> "value").context(ctx).run());
            assertTrue(e.isDeadlineExceeded());
        }
    }

    @Test
    void aBiasedSelectTakesTheFirstReadyClause() {
        Chan<Integer> first = Chan.make(1000);
        Chan<Integer> second = Chan.make(1000);
        for (int i = 0; i < 1000; i++) {
            first.send(i);
            second.send(i);
        }
        SelectBuilder<String> biased = SelectBuilder.<String>select()
                .recv(first, v -> "first").recv(second, v -> "second").biased();
        for (int i = 0; i < 1000; i++) {
            assertEquals("first", biased.run());
        }
        assertEquals(1000, second.len());
        SelectBuilder<String> fair = SelectBuilder.<String>select().recv(first, v -> "first").recv(second, v -> "second");
        first.send(0);
        int seconds = 0;
        for (int i = 0; i < 200; i++) {
            first.trySend(0);
            seconds += fair.run().equals("second") ? 1 : 0;
        }
        assertTrue(seconds > 40 && seconds < 160, "a fair select picks either ready clause: " + seconds + " of 200");
    }

    @Test
    void runAsyncCompletesWithTheClauseThatCompletedWithoutAWaitingThread() throws Exception {
        Chan<Integer> jobs = Chan.make();
        CompletableFuture<String> r = SelectBuilder.<String>select()
                .recv(jobs, j -> "job " + j)
                .timeout(Duration.ofSeconds(30), () -> "idle")
                .runAsync();
        assertFalse(r.isDone());
        jobs.send(7);                                    // the select's waiter takes it
        assertEquals("job 7", r.get(30, TimeUnit.SECONDS));

        assertEquals("idle", SelectBuilder.<String>select().recv(jobs, j -> "job " + j)
                .timeout(Duration.ofMillis(20), () -> "idle").runAsync().get(30, TimeUnit.SECONDS));
        assertEquals("nothing", SelectBuilder.<String>select().recv(jobs, j -> "job " + j)
                .orElse(() -> "nothing").runAsync().get(30, TimeUnit.SECONDS));
        assertFalse(jobs.trySend(1), "no clause is left waiting on the channel");

        try (CancelContext ctx = Context.background().withCancel()) {
            CompletableFuture<String> bounded = SelectBuilder.<String>select().recv(jobs, j -> "job " + j)
                    .context(ctx).runAsync();
            ctx.cancel();
            // A ContextException is a CancellationException, which get() reports as such.
            CancellationException e = assertThrows(CancellationException.class, () -> bounded.get(30, TimeUnit.SECONDS));
            assertInstanceOf(ContextException.class, e.getCause());
        }
    }

    @Test
    void cancellingRunAsyncsFutureAbandonsTheSelectUnlessAClauseCompletedFirst() throws Exception {
        Chan<Integer> jobs = Chan.make();
        CompletableFuture<String> r = SelectBuilder.<String>select().recv(jobs, j -> "job " + j).runAsync();
        assertTrue(r.cancel(false));
        assertTrue(r.isCancelled());
        assertFalse(jobs.trySend(1), "the abandoned select no longer waits");

        CompletableFuture<String> taken = SelectBuilder.<String>select().recv(jobs, j -> "job " + j).runAsync();
        jobs.send(2);
        assertFalse(taken.cancel(false), "too late: the value was handed over");
        assertFalse(taken.complete("other"));
        assertEquals("job 2", taken.get(30, TimeUnit.SECONDS));

        CompletableFuture<String> timed = SelectBuilder.<String>select().recv(jobs, j -> "job " + j).runAsync()
                .orTimeout(10, TimeUnit.MILLISECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> timed.get(30, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertFalse(jobs.trySend(3), "timing out abandoned it");
    }
}
