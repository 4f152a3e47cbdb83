package dev.weft.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.internal.Carrier;
import dev.weft.internal.OwnThreads;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A select that completes a future instead of blocking a thread. */
class SelectAsyncTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aReadyCaseCompletesAtOnceAndAWaitingSelectWhenACounterpartComes() throws Exception {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make();
        a.send(1);
        SelectCase<Integer> ra = SelectCase.recv(a);
        SelectCase<Integer> rb = SelectCase.recv(b);
        CompletableFuture<Integer> now = Select.selectAsync(ra, rb);
        assertTrue(now.isDone(), "a value was buffered");
        assertEquals(0, get(now));
        assertEquals(1, ra.received().value());

        CompletableFuture<Integer> later = Select.selectAsync(ra, rb);
        assertFalse(later.isDone());
        b.send(2);                                        // a waiting receiver takes it
        assertEquals(1, get(later));
        assertEquals(2, rb.received().value());
        assertUnqueued(later);

        Chan<String> out = Chan.make();
        CompletableFuture<Integer> send = Select.selectAsync(SelectCase.recv(b), SelectCase.send(out, "x"));
        assertFalse(send.isDone());
        assertEquals("x", out.recv());
        assertEquals(1, get(send));
        assertUnqueued(send);
    }

    /** Every waiter of the select behind {@code f} has left its channel's queue. */
    private static void assertUnqueued(CompletableFuture<Integer> f) {
        for (Waiter w : ((SelectFuture) f).waiters) {
            assertFalse(w != null && w.queued, "a waiter of the select is still queued on " + (w == null ? null : w.chan));
        }
    }

    @Test
    void aCloseCompletesAReceiveCaseAndFailsASendCaseHandingEveryValueOver() throws Exception {
        Chan<Integer> in = Chan.make();
        SelectCase<Integer> r = SelectCase.recv(in);
        CompletableFuture<Integer> f = Select.selectAsync(r);
        in.close(new IllegalStateException("over"));
        assertEquals(0, get(f));
        assertTrue(r.received().isClosed());

        List<Object> undelivered = new ArrayList<>();
        Chan<String> out = Chan.<String>builder().onUndeliveredElement(undelivered::add).build();
        Chan<String> other = Chan.<String>builder().onUndeliveredElement(undelivered::add).build();
        CompletableFuture<Integer> s = Select.selectAsync(SelectCase.send(out, "a"), SelectCase.send(other, "b"));
        out.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(s));
        assertInstanceOf(ChanClosedException.class, e.getCause());
        assertEquals(List.of("a", "b"), undelivered.stream().sorted().toList(), "neither value was sent");
        assertUnqueued(s);

        ExecutionException atOnce = assertThrows(ExecutionException.class,
                () -> get(Select.selectAsync(SelectCase.send(out, "c"))));
        assertInstanceOf(ChanClosedException.class, atOnce.getCause());
        assertThrows(NullPointerException.class, () -> Select.selectAsync(SelectCase.recv(in), null));
    }

    @Test
    void completingItFromOutsideAbandonsTheSelectUnlessACaseCompletedFirst() throws Exception {
        List<Object> undelivered = new ArrayList<>();
        Chan<Integer> in = Chan.make();
        Chan<Integer> out = Chan.<Integer>builder().onUndeliveredElement(undelivered::add).build();
        CompletableFuture<Integer> f = Select.selectAsync(SelectCase.recv(in), SelectCase.send(out, 9));
        assertTrue(f.cancel(false));
        assertTrue(f.isCancelled());
        assertUnqueued(f);
        assertFalse(in.trySend(1), "the abandoned receive case no longer waits");
        assertTrue(out.tryRecv().isNotReady(), "the abandoned send case no longer waits");
        assertEquals(List.of(9), undelivered);

        CompletableFuture<Integer> timed = Select.selectAsync(SelectCase.recv(in)).orTimeout(10, TimeUnit.MILLISECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(timed));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertFalse(in.trySend(2), "timing out abandoned it");

        SelectCase<Integer> r = SelectCase.recv(in);
        CompletableFuture<Integer> taken = Select.selectAsync(r);
        in.send(3);
        assertFalse(taken.cancel(false), "too late: the value was handed over");
        assertFalse(taken.complete(-1));
        assertEquals(0, get(taken));
        assertEquals(3, r.received().value());
    }

    @Test
    void dependentsNeverRunOnWeftsOwnThreads() throws Exception {
        try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(50))) {
            Thread t = get(Select.selectAsync(SelectCase.recv(ctx.done())).thenApply(i -> Thread.currentThread()));
            assertFalse(t instanceof Carrier || OwnThreads.contains(t), "a deadline's close completed it: " + t);
        }
    }

    /**
     * Senders send on two channels, each send blocking or asynchronous at random; receivers
     * select over both, blocking or asynchronously, and abandon some asynchronous ones at random
     * moments: every value is received exactly once, or its sender learned it was not.
     */
    @Test
    void mixedSelectsUnderCancellationLoseAndDuplicateNothing() throws Exception {
        int producers = 4;
        int perProducer = 10_000;
        int n = producers * perProducer;
        AtomicIntegerArray received = new AtomicIntegerArray(n);
        AtomicIntegerArray unsent = new AtomicIntegerArray(n);
        ConcurrentLinkedQueue<Object> handedOver = new ConcurrentLinkedQueue<>();
        List<Chan<Integer>> chans = List.of(
                Chan.<Integer>builder().onUndeliveredElement(handedOver::add).build(),
                Chan.<Integer>builder().capacity(2).onUndeliveredElement(handedOver::add).build());
        try (Scheduler s = Scheduler.builder().name("async-select").workers(2).uncaughtExceptionHandler(failures).build()) {
            List<Goroutine> senders = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                senders.add(s.go("sender-" + p, () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = base; i < base + perProducer; i++) {
                        Chan<Integer> ch = chans.get(rnd.nextInt(2));
                        if (rnd.nextBoolean()) {
                            ch.send(i);
                            continue;
                        }
                        CompletableFuture<Integer> f = Select.selectAsync(SelectCase.send(ch, i));
                        if (rnd.nextInt(8) == 0 && f.cancel(false)) {
                            unsent.incrementAndGet(i);
                        } else {
                            f.get(30, TimeUnit.SECONDS);
                        }
                    }
                }));
            }
            List<Goroutine> receivers = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                receivers.add(s.go("receiver-" + c, () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    int closed = 0;
                    boolean[] done = new boolean[2];
                    while (closed < 2) {
                        SelectCase<Integer> a = SelectCase.recv(done[0] ? null : chans.get(0));
                        SelectCase<Integer> b = SelectCase.recv(done[1] ? null : chans.get(1));
                        int i;
                        if (rnd.nextBoolean()) {
                            i = Select.select(a, b);
                        } else {
                            CompletableFuture<Integer> f = Select.selectAsync(a, b);
                            if (rnd.nextInt(8) == 0 && f.cancel(false)) {
                                continue;
                            }
                            i = f.get(30, TimeUnit.SECONDS);
                        }
                        Received<Integer> got = (i == 0 ? a : b).received();
                        if (got.isClosed()) {
                            done[i] = true;
                            closed++;
                        } else {
                            received.incrementAndGet(got.value());
                        }
                    }
                }));
            }
            for (Goroutine g : senders) {
                assertTrue(g.join(Duration.ofSeconds(60)), s::dump);
            }
            chans.forEach(Chan::close);
            for (Goroutine g : receivers) {
                assertTrue(g.join(Duration.ofSeconds(60)), s::dump);
            }
        }
        long sum = 0;
        long expected = 0;
        int abandoned = 0;
        for (int i = 0; i < n; i++) {
            int r = received.get(i);
            int u = unsent.get(i);
            assertTrue(r + u == 1, "value " + i + " received " + r + " times, abandoned " + u + " times");
            sum += (long) i * r;
            expected += (long) i * (1 - u);
            abandoned += u;
        }
        assertEquals(abandoned, handedOver.size(), "every abandoned send's value was handed over");
        assertEquals(expected, sum, "checksum of the values received");
    }
}
