package dev.weft.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.chan.Chan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeferredTest {
    private Scheduler s;

    @BeforeEach
    void start() {
        s = Scheduler.builder().name("deferred").build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /**
     * A combinator that has settled keeps nothing registered on an input that has not: a race
     * against a promise that never settles, in a loop, used to leave a listener (~275 bytes)
     * on it per call.
     */
    @Test
    void aSettledCombinatorLeavesNoListenerOnItsUnsettledInputs() {
        Promise<Integer> never = new Promise<>();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, Deferred.race(List.of(Deferred.resolved(i), never)).await());
            Promise<Integer> late = new Promise<>();
            Deferred<Integer> race = Deferred.race(List.of(late, never));
            late.resolve(i);
            assertEquals(i, race.await());
            assertEquals(i, Deferred.any(List.of(never, Deferred.resolved(i))).await());
            Deferred<List<Integer>> all = Deferred.all(List.of(never, Deferred.<Integer>failed(new IOException("x"))));
            assertInstanceOf(IOException.class, assertThrows(CompletionException.class, all::await).getCause());
        }
        assertEquals(0, never.listenerCount(), "listeners left on the promise that never settled");
        Deferred<Integer> pending = Deferred.race(List.of(never, new Promise<>()));
        assertEquals(1, never.listenerCount(), "an unsettled race still listens");
        never.resolve(1);
        assertEquals(1, pending.await());
    }

    @Test
    void aPromiseSettlesOnceAndWakesEveryAwaiter() throws Exception {
        Promise<String> p = new Promise<>();
        assertNull(p.poll());
        assertFalse(p.isDone());
        Chan<String> got = Chan.make(10);
        List<Goroutine> awaiters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            awaiters.add(s.go(() -> got.send(p.await())));
        }
        assertTrue(p.resolve("v"));
        assertFalse(p.resolve("w"), "a second settle changes nothing");
        assertFalse(p.reject(new IOException("late")));
        for (int i = 0; i < 10; i++) {
            assertEquals("v", got.recv());
        }
        assertEquals(Outcome.success("v"), p.poll());
        assertTrue(p.done().recvOrClosed().isClosed());
    }

    @Test
    void aFailureSurfacesAsCompletionExceptionAndCancellationAsItIs() {
        IOException io = new IOException("disk");
        Promise<String> failed = new Promise<>();
        failed.reject(io);
        CompletionException e = assertThrows(CompletionException.class, failed::await);
        assertSame(io, e.getCause());
        assertEquals(Outcome.failure(io), failed.poll());
        Promise<String> cancelled = new Promise<>();
        cancelled.reject(new CancellationException("stop"));
        assertEquals("stop", assertThrows(CancellationException.class, cancelled::await).getMessage());
    }

    @Test
    void awaitWithATimeoutOrAContext() {
        Promise<Integer> never = new Promise<>();
        assertThrows(TimeoutException.class, () -> never.await(Duration.ofMillis(10)));
        try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(10))) {
            assertTrue(assertThrows(ContextException.class, () -> never.await(ctx)).isDeadlineExceeded());
        }
        try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(10))) {
            ctx.run(() -> assertThrows(ContextException.class, never::await));
        }
    }

    @Test
    void asyncRunsInAGoroutineAndCompletableFuturesCrossBothWays() throws Exception {
        Deferred<String> d = Deferred.async(() -> Thread.currentThread().isVirtual() ? "in a goroutine" : "elsewhere");
        assertEquals("in a goroutine", d.await());
        assertEquals("in a goroutine", d.toCompletableFuture().get());
        CompletableFuture<Integer> cf = new CompletableFuture<>();
        Deferred<Integer> fromCf = Deferred.of(cf);
        assertFalse(fromCf.isDone());
        cf.complete(7);
        assertEquals(7, fromCf.await());
        CompletableFuture<Integer> failing = CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("boom");
        });
        Deferred<Integer> fromFailing = Deferred.of(failing);
        assertInstanceOf(IllegalStateException.class, assertThrows(CompletionException.class, fromFailing::await).getCause());
        Deferred<String> asyncFailure = Deferred.async(() -> {
            throw new IOException("io");
        });
        assertInstanceOf(IOException.class, assertThrows(CompletionException.class, asyncFailure::await).getCause());
    }

    @Test
    void allIsInOrderAndFailsFast() {
        Promise<Integer> a = new Promise<>();
        Promise<Integer> b = new Promise<>();
        Promise<Integer> c = new Promise<>();
        Deferred<List<Integer>> all = Deferred.all(List.of(a, b, c));
        c.resolve(3);
        a.resolve(1);
        assertFalse(all.isDone());
        b.resolve(2);
        assertEquals(List.of(1, 2, 3), all.await());
        Promise<Integer> slow = new Promise<>();
        IOException io = new IOException("second failed");
        Deferred<List<Integer>> failing = Deferred.all(List.of(slow, Deferred.failed(io)));
        assertSame(io, assertThrows(CompletionException.class, failing::await).getCause(), "fails without waiting for slow");
        assertEquals(List.of(), Deferred.all(List.of()).await());
    }

    @Test
    void raceTakesTheFirstSettledEvenAFailure() {
        Promise<String> a = new Promise<>();
        Promise<String> b = new Promise<>();
        Deferred<String> race = Deferred.race(List.of(a, b));
        b.reject(new IOException("b first"));
        a.resolve("a");
        assertEquals("b first", assertThrows(CompletionException.class, race::await).getCause().getMessage());
        assertThrows(IllegalArgumentException.class, () -> Deferred.race(List.of()));
    }

    @Test
    void anyTakesTheFirstSuccessAndAggregatesWhenAllFail() {
        Promise<String> a = new Promise<>();
        Promise<String> b = new Promise<>();
        Deferred<String> any = Deferred.any(List.of(a, b));
        a.reject(new IOException("a"));
        assertFalse(any.isDone());
        b.resolve("b");
        assertEquals("b", any.await());
        IOException x = new IOException("x");
        IllegalStateException y = new IllegalStateException("y");
        Deferred<String> none = Deferred.any(List.of(Deferred.failed(x), Deferred.failed(y)));
        AggregateException agg = assertInstanceOf(AggregateException.class, assertThrows(CompletionException.class, none::await).getCause());
        assertEquals(List.of(x, y), agg.causes());
        assertEquals(2, agg.getSuppressed().length);
        assertInstanceOf(AggregateException.class, assertThrows(CompletionException.class, () -> Deferred.any(List.of()).await()).getCause());
    }

    @Test
    void allSettledReportsEveryOutcomeInOrder() {
        IOException io = new IOException("no");
        Deferred<List<Outcome<String>>> settled = Deferred.allSettled(List.of(Deferred.resolved("yes"), Deferred.failed(io), Deferred.resolved(null)));
        assertEquals(List.of(Outcome.success("yes"), Outcome.failure(io), Outcome.success(null)), settled.await());
        assertEquals(List.of(), Deferred.allSettled(List.of()).await());
    }

    @Test
    void aDeferredIsASelectCase() {
        Promise<String> p = new Promise<>();
        Chan<Integer> other = Chan.make();
        s.go(() -> p.resolve("ready"));
        SelectCase<Void> settled = SelectCase.recv(p.done());
        assertEquals(0, Select.select(settled, SelectCase.recv(other)));
        assertEquals("ready", p.poll().getOrThrow());
    }

    @Test
    void manyRacingSettlersOneWinsAndEveryAwaiterSeesIt() throws Exception {
        for (int round = 0; round < 1_000; round++) {
            Promise<Integer> p = new Promise<>();
            AtomicInteger winners = new AtomicInteger();
            List<Goroutine> gs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int v = i;
                gs.add(s.go(() -> {
                    if (v % 2 == 0 ? p.resolve(v) : p.reject(new IOException("" + v))) {
                        winners.incrementAndGet();
                    }
                }));
            }
            Outcome<Integer> seen = Deferred.allSettled(List.of(p)).await().get(0);
            for (Goroutine g : gs) {
                g.join();
            }
            assertEquals(1, winners.get());
            assertEquals(seen, p.poll());
        }
    }
}
