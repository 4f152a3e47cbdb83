package dev.weft.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Waits;
import dev.weft.chan.Chan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sync.Mutex;
import dev.weft.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContextTest {
    private Scheduler s;

    @BeforeEach
    void start() {
        s = Scheduler.builder().name("ctx").build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void backgroundNeverEnds() {
        Context bg = Context.background();
        assertNull(bg.err());
        assertNull(bg.cause());
        assertTrue(bg.deadline().isEmpty());
        assertFalse(bg.isDone());
        assertTrue(bg.done().tryRecv().isNotReady());
    }

    @Test
    void cancellingAParentEndsADeepAndAWideTreeAtOnce() {
        CancelContext root = Context.withCancel(Context.background());
        List<Context> wide = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            wide.add(Context.withCancel(root));
        }
        Context deep = root;
        for (int i = 0; i < 10_000; i++) {
            deep = i % 2 == 0 ? Context.withCancel(deep) : Context.withValue(deep, new Context.Key<Integer>("k"), i);
        }
        assertEquals(100_001, root.childCount());
        root.cancel();
        for (Context c : wide) {
            assertSame(Context.CANCELED, c.err());
            assertTrue(c.done().isClosed());
        }
        assertSame(Context.CANCELED, deep.err());
        assertTrue(deep.done().tryRecv().isClosed());
        assertEquals(0, root.childCount());
    }

    @Test
    void aChildsCancelDoesNotTouchItsParentAndIsReleased() {
        CancelContext parent = Context.withCancel(Context.background());
        for (int i = 0; i < 1_000_000; i++) {
            try (CancelContext child = Context.withCancel(Context.withValue(parent, new Context.Key<>("i"), i))) {
                child.throwIfDone();
            }
        }
        assertEquals(0, parent.childCount(), "a million short-lived children left nothing behind");
        assertNull(parent.err());
        CancelContext child = Context.withCancel(parent);
        child.cancel();
        assertNull(parent.err(), "a child's cancel never reaches its parent");
        assertSame(Context.CANCELED, child.err());
    }

    @Test
    void aChildOfAnEndedParentEndsAtOnce() {
        CancelContext parent = Context.withCancel(Context.background());
        parent.cancel(new IllegalStateException("shutting down"));
        CancelContext child = Context.withCancel(parent);
        assertSame(Context.CANCELED, child.err());
        assertEquals("shutting down", child.cause().getMessage());
    }

    @Test
    void cancelCauseIsReportedAndFirstCancelWins() {
        CancelContext ctx = Context.withCancelCause(Context.background());
        assertNull(ctx.cause());
        IllegalArgumentException why = new IllegalArgumentException("bad request");
        ctx.cancel(why);
        ctx.cancel(new IllegalStateException("later"));
        assertSame(Context.CANCELED, ctx.err());
        assertSame(why, ctx.cause());
        ContextException thrown = assertThrows(ContextException.class, ctx::throwIfDone);
        assertSame(why, thrown.getCause());
        assertEquals("context canceled", thrown.getMessage());
    }

    @Test
    void deadlinesFireOnTimeAndInherit() throws Exception {
        long t0 = System.nanoTime();
        CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50));
        assertTrue(ctx.deadline().isPresent());
        assertTrue(ctx.done().recvOrClosed().isClosed());
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
        assertTrue(ctx.err().isDeadlineExceeded());
        assertTrue(tookMs >= 49 && tookMs < 1_000, "deadline after " + tookMs + " ms");

        CancelContext outer = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
        CancelContext inner = Context.withTimeout(outer, Duration.ofHours(1));
        assertEquals(outer.deadline(), inner.deadline(), "a later deadline than the parent's is the parent's");
        assertSame(Context.DEADLINE_EXCEEDED, Context.withDeadline(outer, Instant.now().minusSeconds(1)).err());
        outer.cancel();
        assertSame(Context.CANCELED, inner.err());
    }

    @Test
    void valuesAreFoundUpTheChainByKeyIdentity() {
        Context.Key<String> user = new Context.Key<>("user");
        Context.Key<String> otherUser = new Context.Key<>("user");
        Context c = Context.withValue(Context.background(), user, "ann");
        CancelContext cc = Context.withCancel(c);
        Context shadow = Context.withValue(cc, user, "bob");
        assertEquals("ann", cc.value(user));
        assertEquals("bob", shadow.value(user));
        assertNull(shadow.value(otherUser), "keys compare by identity, not name");
    }

    @Test
    void afterFuncRunsOnceWhenTheContextEndsUnlessStopped() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        CountDownLatch ran = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AfterFunc f = Context.afterFunc(ctx, () -> {
            runs.incrementAndGet();
            ran.countDown();
        });
        AfterFunc stopped = Context.afterFunc(ctx, runs::incrementAndGet);
        assertTrue(stopped.stop());
        ctx.cancel();
        ran.await();
        assertFalse(f.stop(), "already started");
        CountDownLatch late = new CountDownLatch(1);
        Context.afterFunc(ctx, late::countDown);   // registered after the end: runs at once
        late.await();
        assertEquals(1, runs.get());
    }

    /**
     * Cancellation always completes: cancelled from a goroutine of a scheduler that is shutting
     * down (it starts no more goroutines), the child still ends and every afterFunc runs (on the
     * default scheduler, since theirs starts none). It used to throw half-way.
     */
    @Test
    void cancelFromAGoroutineOfASchedulerShuttingDownCompletes() throws Exception {
        Scheduler closing = Scheduler.builder().name("closing").workers(1).build();
        CancelContext parent = Context.withCancel(Context.background());
        CountDownLatch ran = new CountDownLatch(8);
        CountDownLatch arranged = new CountDownLatch(1);
        Chan<Integer> go = Chan.make();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CancelContext[] child = new CancelContext[1];
        Goroutine canceller = closing.go(() -> {
            try {
                child[0] = parent.withCancel();
                for (int i = 0; i < 8; i++) {
                    Context.afterFunc(child[0], ran::countDown);
                }
                arranged.countDown();
                go.recv();
                parent.cancel();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        assertTrue(arranged.await(30, TimeUnit.SECONDS));
        closing.shutdown();
        go.send(1);
        assertTrue(canceller.join(Duration.ofSeconds(30)), closing.dump());
        assertNull(failure.get(), "cancel completed");
        assertTrue(child[0].isDone(), "the child ended");
        assertTrue(ran.await(30, TimeUnit.SECONDS), "every afterFunc ran: " + ran.getCount() + " did not");
        assertTrue(closing.awaitTermination(Duration.ofSeconds(30)));
    }

    @Test
    void afterFuncArrangedByAGoroutineRunsOnThatGoroutinesSchedulerWhoeverCancels() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        AtomicReference<Scheduler> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        s.go(() -> Context.afterFunc(ctx, () -> {
            ranOn.set(Goroutine.current().scheduler());
            ran.countDown();
        })).join();
        ctx.cancel();                                // from a platform thread
        assertTrue(ran.await(30, TimeUnit.SECONDS), "the function ran");
        assertSame(s, ranOn.get(), "it ran on the arranging goroutine's scheduler, not " + ranOn.get());
    }

    @Test
    void blockingOperationsReturnPromptlyOnCancel() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Integer> nothingToReceive = Chan.make();
        Chan<Integer> noReceiver = Chan.make();
        AtomicReference<Throwable> recvFailure = new AtomicReference<>();
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        AtomicReference<Throwable> sleepFailure = new AtomicReference<>();
        List<Goroutine> gs = List.of(
                s.go(() -> {
                    try {
                        ctx.get(nothingToReceive::recv);
                    } catch (Throwable t) {
                        recvFailure.set(t);
                    }
                }),
                s.go(() -> {
                    try {
                        ctx.run(() -> noReceiver.send(1));
                    } catch (Throwable t) {
                        sendFailure.set(t);
                    }
                }),
                s.go(() -> {
                    try {
                        ctx.run(() -> Time.sleep(Duration.ofHours(1)));
                    } catch (Throwable t) {
                        sleepFailure.set(t);
                    }
                }));
        for (Goroutine g : gs) {
            Waits.whileTrue("g.state() != Goroutine.State.WAITING && !g.isDone()", () -> g.state() != Goroutine.State.WAITING && !g.isDone());
        }
        long t0 = System.nanoTime();
        ctx.cancel();
        for (Goroutine g : gs) {
            assertTrue(g.join(Duration.ofSeconds(5)));
        }
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos());
        assertTrue(recvFailure.get() instanceof ContextException);
        assertTrue(sendFailure.get() instanceof ContextException);
        assertTrue(sleepFailure.get() instanceof ContextException);
        assertTrue(noReceiver.tryRecv().isNotReady(), "the cancelled send delivered nothing");
    }

    @Test
    void doneComposesWithSelect() {
        CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        Chan<Integer> never = Chan.make();
        int i = Select.select(SelectCase.recv(never), SelectCase.recv(ctx.done()));
        assertEquals(1, i);
        assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
        Chan<Integer> ready = Chan.make(1);
        ready.send(5);
        assertEquals(5, ready.recv());
    }

    @Test
    void interruptOnDoneReachesAJdkBlockingCallAndLeavesNoInterruptBehind() throws Exception {
        java.util.concurrent.BlockingQueue<String> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        CancelContext ctx = Context.withCancel(Context.background());
        AtomicReference<String> outcome = new AtomicReference<>();
        Goroutine g = s.go(() -> {
            try (InterruptOnDone bound = ctx.interruptOnDone()) {
                try {
                    outcome.set(queue.take());
                } catch (InterruptedException e) {
                    outcome.set("interrupted, fired=" + bound.fired());
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                outcome.set("an interrupt was left behind");
            }
        });
        while (g.state() != Goroutine.State.WAITING) {
            assertFalse(g.isDone());
            Thread.onSpinWait();
        }
        assertEquals(1, ctx.childCount(), "the binding is registered while it waits");
        ctx.cancel();
        assertTrue(g.join(Duration.ofSeconds(30)));
        assertEquals("interrupted, fired=true", outcome.get());
    }

    @Test
    void aClosedBindingIsReleasedAndNeverFires() {
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            for (int i = 0; i < 100_000; i++) {
                try (InterruptOnDone bound = ctx.interruptOnDone()) {
                    assertFalse(bound.fired());
                }
            }
            assertEquals(0, ctx.childCount(), "closed bindings are dropped by their context");
            ctx.cancel();
            assertFalse(Thread.currentThread().isInterrupted());
        }
        CancelContext ended = Context.withCancel(Context.background());
        ended.cancel();
        try (InterruptOnDone bound = ended.interruptOnDone()) {
            assertTrue(bound.fired(), "binding to an ended context fires at once");
            assertTrue(Thread.currentThread().isInterrupted());
        }
        assertFalse(Thread.currentThread().isInterrupted(), "close cleared the interrupt it delivered");
    }

    @Test
    void runBindsTheCurrentContextAndRestoresTheOuterOne() throws Exception {
        assertSame(Context.background(), Context.current());
        Context.Key<String> user = new Context.Key<>("user");
        Context outer = Context.background().withValue(user, "ann");
        try (CancelContext inner = outer.withCancel()) {
            outer.run(() -> {
                assertSame(outer, Context.current());
                inner.run(() -> assertEquals("ann", Context.current().value(user)));
                assertSame(outer, Context.current());
            });
            assertEquals(42, inner.call(() -> Context.current() == inner ? 42 : 0));
            assertEquals("x", inner.get(() -> Context.current() == inner ? "x" : "?"));
        }
        assertSame(Context.background(), Context.current());
        assertFalse(Context.background().canEnd());
        assertFalse(Context.background().withValue(user, "bob").canEnd());
        assertTrue(outer.withCancel().canEnd());
    }

    @Test
    void blockingOperationsObserveTheCurrentContext() throws Exception {
        Chan<Integer> never = Chan.make();
        Mutex held = new Mutex();
        held.lock();
        try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(30))) {
            ctx.run(() -> {
                ContextException e = assertThrows(ContextException.class, never::recv);
                assertTrue(e.isDeadlineExceeded());
                assertThrows(ContextException.class, () -> never.send(1));
                assertThrows(ContextException.class, () -> Select.select(SelectCase.recv(never)));
                assertThrows(ContextException.class, () -> Time.sleep(Duration.ofSeconds(30)));
                assertThrows(ContextException.class, held::lock);
                Chan<Integer> ready = Chan.make(1);
                ready.send(7);
                assertEquals(7, ready.recv(), "an operation that does not block completes as usual");
            });
        }
        held.unlock();
    }

    @Test
    void timedOperationsEndWithTheContextBeforeTheirTimeout() {
        Chan<Integer> never = Chan.make();
        try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(20))) {
            ctx.run(() -> {
                long start = System.nanoTime();
                assertThrows(ContextException.class, () -> never.recv(Duration.ofSeconds(30)));
                assertThrows(ContextException.class, () -> never.send(1, Duration.ofSeconds(30)));
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos());
            });
        }
    }

    @Test
    void aGoroutineStartedUnderAContextInheritsIt() throws Exception {
        Chan<Integer> never = Chan.make();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<Context> inherited = new AtomicReference<>();
        CancelContext ctx = Context.background().withCancel();
        Goroutine[] child = new Goroutine[1];
        ctx.run(() -> child[0] = s.go(() -> {
            inherited.set(Context.current());
            try {
                never.recv();
            } catch (Throwable t) {
                seen.set(t);
            }
        }));
        while (child[0].state() != Goroutine.State.WAITING) {
            assertFalse(child[0].isDone());
            Thread.onSpinWait();
        }
        assertSame(ctx, inherited.get());
        ctx.cancel();
        assertTrue(child[0].join(Duration.ofSeconds(30)));
        assertTrue(seen.get() instanceof ContextException ce && !ce.isDeadlineExceeded(), String.valueOf(seen.get()));
        Goroutine outside = s.go(() -> inherited.set(Context.current()));
        assertTrue(outside.join(Duration.ofSeconds(30)));
        assertSame(Context.background(), inherited.get(), "a goroutine started outside has no context");
    }
}
