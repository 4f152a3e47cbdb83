package dev.weft.fluent;

import static dev.weft.fluent.Go.chan;
import static dev.weft.fluent.Go.every;
import static dev.weft.fluent.Go.go;
import static dev.weft.fluent.Go.goroutine;
import static dev.weft.fluent.Go.withCancel;
import static dev.weft.fluent.Go.withTimeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.chan.Chan;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.future.Deferred;
import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.ListenConfig;
import dev.weft.net.Listener;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.scope.Scope;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The static entry point, goroutine specs with context and handler, tickers, checked exceptions. */
class GoTest {
    @RegisterExtension
    final GoroutineFailures failures = GoroutineFailures.alsoOnTheDefaultScheduler();


    @Test
    void aCheckedExceptionReachesTheHandlerUnchanged() throws Exception {
        Chan<Throwable> failures = chan(1);
        try (Scheduler s = Scheduler.builder().name("go-test").uncaughtExceptionHandler((g, e) -> failures.send(e)).build()) {
            IOException thrown = new IOException("disk gone");
            goroutine().on(s).start(() -> {
                throw thrown;
            });
            assertSame(thrown, failures.recv(), "the scheduler's handler got the very exception");
            Chan<String> perGoroutine = chan(1);
            Goroutine g = goroutine("reader").on(s)
                    .onUncaught((who, e) -> perGoroutine.send(who.name() + ": " + e.getMessage()))
                    .start(() -> {
                        throw new IOException("no such file");
                    });
            assertEquals("reader: no such file", perGoroutine.recv());
            assertTrue(g.join(Duration.ofSeconds(30)));
            assertTrue(failures.tryRecv().isNotReady(), "the spec's handler replaced the scheduler's");
        }
    }

    @Test
    void aSpecsContextEndsTheGoroutinesWaits() throws Exception {
        Chan<Integer> never = chan();
        Chan<String> outcome = chan(1);
        try (CancelContext ctx = withCancel()) {
            Goroutine g = goroutine("waiter").context(ctx).start(() -> {
                try {
                    never.recv();
                } catch (ContextException e) {
                    outcome.send(e.getMessage());
                }
            });
            while (g.state() != Goroutine.State.WAITING) {
                Thread.onSpinWait();
            }
            ctx.cancel();
            assertEquals("context canceled", outcome.recv());
        }
    }

    @Test
    void goInheritsTheCurrentContext() throws Exception {
        Chan<Context> seen = chan(1);
        try (CancelContext ctx = withTimeout(Duration.ofSeconds(30))) {
            ctx.run(() -> go(() -> seen.send(Context.current())));
            assertSame(ctx, seen.recv());
        }
    }

    @Test
    void everyTicksUntilItsContextEnds() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        Chan<Integer> third = chan(1);
        CancelContext ctx = Context.background().withCancel();
        Goroutine g = every(Duration.ofMillis(2)).context(ctx).name("ticker").start(() -> {
            if (ticks.incrementAndGet() == 3) {
                third.send(3);
            }
        });
        assertEquals(3, third.recv());
        ctx.cancel();
        assertTrue(g.join(Duration.ofSeconds(30)), "the ticker goroutine ended with its context");
        int after = ticks.get();
        assertTrue(after >= 3);
        assertEquals("ticker", g.name());
        assertThrows(IllegalArgumentException.class, () -> every(Duration.ZERO));
    }

    @Test
    void everyWithAHugePeriodWaitsForItsFirstTickUntilItsContextEnds() throws Exception {
        CancelContext ctx = Context.background().withCancel();
        AtomicInteger ticks = new AtomicInteger();
        Goroutine g = every(Duration.ofSeconds(Long.MAX_VALUE)).context(ctx).start(ticks::incrementAndGet);
        assertFalse(g.join(Duration.ofMillis(50)), "still waiting for its first tick");
        ctx.cancel();
        assertTrue(g.join(Duration.ofSeconds(30)), "ended with its context");
        assertEquals(0, ticks.get());
    }

    @Test
    void aSelectClauseMayThrowACheckedException() {
        Chan<Integer> ready = chan(1);
        ready.send(1);
        CompletionException e = assertThrows(CompletionException.class, () -> Go.<String>select()
                .recv(ready, v -> {
                    throw new IOException("bad value " + v);
                })
                .run());
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals("bad value 1", e.getCause().getMessage());
        ready.send(2);
        IllegalStateException unchecked = assertThrows(IllegalStateException.class, () -> Go.<String>select()
                .recv(ready, v -> {
                    throw new IllegalStateException("as is");
                })
                .run());
        assertEquals("as is", unchecked.getMessage());
    }

    @Test
    void aSelectUnderAContextEndsWithIt() {
        Chan<Integer> never = chan();
        try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(20))) {
            ContextException e = assertThrows(ContextException.class, () -> Go.<String>select()
                    .recv(never, v -> "value")
                    .context(ctx)
                    .run());
            assertTrue(e.isDeadlineExceeded());
        }
    }

    @Test
    void asyncScopeAndAwaitClauses() throws Exception {
        Deferred<Integer> answer = Go.async(() -> 42);
        assertEquals("answer 42", Go.<String>select().await(answer, v -> "answer " + v).run());
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        try (Scope scope = Go.scope()) {
            for (int i = 0; i < 100; i++) {
                scope.go(ran::incrementAndGet);
            }
            scope.join();
        }
        assertEquals(100, ran.get());
    }

    @Test
    void afterFuncRunsOnceUnlessStopped() throws Exception {
        Chan<String> fired = chan(1);
        Go.afterFunc(Duration.ofMillis(1), () -> fired.send("fired"));
        assertEquals("fired", fired.recv());
        dev.weft.time.Timer stopped = Go.afterFunc(Duration.ofSeconds(30), () -> fired.send("too late"));
        assertTrue(stopped.stop(), "stopped before it fired");
        assertTrue(fired.tryRecv().isNotReady());
    }

    @Test
    void aSchedulerFromTheEntryPoint() throws Exception {
        try (Scheduler s = Go.scheduler("entry").workers(1).build()) {
            assertEquals("entry", s.name());
            assertEquals(1, s.workerCount());
            assertEquals("ran on entry", s.run(() -> "ran on " + Goroutine.current().scheduler().name()));
        }
    }

    @Test
    void aDialerAndAListenConfigAreGosZeroValuesToSetOptionsOn() throws Exception {
        assertSame(Dialer.DEFAULT, Go.dialer());
        assertSame(ListenConfig.DEFAULT, Go.listenConfig());
        ListenConfig shared = Go.listenConfig().withReusePort(true);
        try (Listener a = shared.listen("tcp", "127.0.0.1:0"); Listener b = shared.listen("tcp", a.addr());
             Conn c = Go.dialer().withTimeout(Duration.ofSeconds(30)).withLocalAddr("127.0.0.1:0").dial(a.addr())) {
            assertEquals(a.addr(), b.addr());
            assertTrue(c.localAddr().startsWith("127.0.0.1:"), c.localAddr());
        }
    }
}
