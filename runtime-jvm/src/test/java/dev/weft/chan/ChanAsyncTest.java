package dev.weft.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.internal.Carrier;
import dev.weft.internal.OwnThreads;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sends and receives that complete a future instead of blocking a thread. */
class ChanAsyncTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aReceiveCompletesWhenAValueComesAndASendWhenOneIsTaken() throws Exception {
        Chan<Integer> ch = Chan.make();
        CompletableFuture<Integer> r = ch.recvAsync();
        assertFalse(r.isDone());
        ch.send(7);                                      // meets the waiting future, as a receiver
        assertEquals(7, get(r));

        CompletableFuture<Void> s = ch.sendAsync(8);
        assertFalse(s.isDone());
        assertEquals(8, ch.recv());
        get(s);

        Chan<Integer> buffered = Chan.make(1);
        assertTrue(buffered.sendAsync(1).isDone(), "room in the buffer: sent at once");
        assertEquals(1, get(buffered.recvAsync()), "a value in the buffer: received at once");
    }

    @Test
    void waitingFuturesTakeTheirTurnAmongBlockedOperations() throws Exception {
        Chan<Integer> ch = Chan.make();
        CompletableFuture<Integer> first = ch.recvAsync();
        Goroutine second = Scheduler.defaultScheduler().go(() -> assertEquals(2, ch.recv()));
        Waits.whileTrue("the goroutine has not blocked", () -> second.state() != Goroutine.State.WAITING);
        CompletableFuture<Integer> third = ch.recvAsync();
        ch.send(1);
        ch.send(2);
        ch.send(3);
        assertEquals(1, get(first));
        assertTrue(second.join(Duration.ofSeconds(30)));
        assertEquals(3, get(third));
    }

    @Test
    void aClosedChannelFailsReceivesOnceDrainedAndFailsSendsHandingTheValueOver() throws Exception {
        List<Object> undelivered = new ArrayList<>();
        Chan<Integer> ch = Chan.<Integer>builder().capacity(1).onUndeliveredElement(undelivered::add).build();
        assertTrue(ch.sendAsync(1).isDone(), "buffered at once");
        CompletableFuture<Void> blocked = ch.sendAsync(2);
        assertFalse(blocked.isDone(), "the buffer is full");
        IllegalStateException cause = new IllegalStateException("done");
        ch.close(cause);
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(blocked));
        assertInstanceOf(ChanClosedException.class, e.getCause());
        assertEquals(List.of(2), undelivered, "the closed send's value goes to the handler");
        assertEquals(1, get(ch.recvAsync()), "a closed channel is drained first");
        ExecutionException late = assertThrows(ExecutionException.class, () -> get(ch.sendAsync(3)));
        assertInstanceOf(ChanClosedException.class, late.getCause());
        assertEquals(List.of(2, 3), undelivered);

        ExecutionException r = assertThrows(ExecutionException.class, () -> get(ch.recvAsync()));
        assertInstanceOf(ChanClosedException.class, r.getCause());
        assertEquals(cause, r.getCause().getCause());
        Received<Integer> closed = get(ch.recvOrClosedAsync());
        assertTrue(closed.isClosed());

        CompletableFuture<Integer> waiting = Chan.<Integer>make().recvAsync();
        assertFalse(waiting.isDone());
        Chan<Integer> other = Chan.make();
        CompletableFuture<Received<Integer>> pending = other.recvOrClosedAsync();
        other.close();
        assertTrue(get(pending).isClosed(), "a close completes a waiting receive");
        assertThrows(NullPointerException.class, () -> other.sendAsync(null));
    }

    @Test
    void completingAWaitingFutureFromOutsideAbandonsTheOperation() throws Exception {
        List<Object> undelivered = new ArrayList<>();
        Chan<Integer> ch = Chan.<Integer>builder().onUndeliveredElement(undelivered::add).build();
        CompletableFuture<Integer> r = ch.recvAsync();
        assertTrue(r.cancel(false));
        assertTrue(r.isCancelled());
        assertFalse(ch.trySend(1), "the abandoned receive no longer waits");

        CompletableFuture<Void> s = ch.sendAsync(2);
        assertTrue(s.cancel(false));
        assertEquals(List.of(2), undelivered, "the abandoned send's value goes to the handler");
        assertTrue(ch.tryRecv().isNotReady(), "the abandoned send no longer waits");

        CompletableFuture<Integer> timed = ch.recvAsync().orTimeout(10, TimeUnit.MILLISECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(timed));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertFalse(ch.trySend(3), "timing out abandoned the receive");

        CompletableFuture<Integer> taken = ch.recvAsync();
        ch.send(4);
        assertFalse(taken.cancel(false), "too late: the value was handed over");
        assertFalse(taken.complete(5));
        assertEquals(4, get(taken));

        Chan<Integer> buffered = Chan.<Integer>builder().capacity(1).onUndeliveredElement(undelivered::add).build();
        CompletableFuture<Void> sent = buffered.sendAsync(6);
        assertFalse(sent.cancel(false), "a send that completed at once cannot be undone");
        assertEquals(6, buffered.recv());
        assertEquals(List.of(2), undelivered);
    }

    @Test
    void dependentsNeverRunOnWeftsOwnThreads() throws Exception {
        Thread timerFired = get(Time.after(Duration.ofMillis(50)).recvAsync().thenApply(v -> Thread.currentThread()));
        assertFalse(weftsOwn(timerFired), "a timer's send completed it: " + timerFired);
        try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(50))) {
            Thread deadline = get(ctx.done().recvOrClosedAsync().thenApply(r -> Thread.currentThread()));
            assertFalse(weftsOwn(deadline), "a deadline's close completed it: " + deadline);
        }
    }

    private static boolean weftsOwn(Thread t) {
        return t instanceof Carrier || OwnThreads.contains(t);
    }

    /**
     * Goroutines send and receive, each operation blocking or asynchronous at random, and some
     * asynchronous ones are abandoned at random moments: every value is received exactly once,
     * or its sender learned it was not.
     */
    @Test
    void mixedWaitersUnderCancellationLoseAndDuplicateNothing() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        int n = producers * perProducer;
        AtomicIntegerArray received = new AtomicIntegerArray(n);
        AtomicIntegerArray unsent = new AtomicIntegerArray(n);
        ConcurrentLinkedQueue<Object> handedOver = new ConcurrentLinkedQueue<>();
        Chan<Integer> ch = Chan.<Integer>builder().capacity(4).onUndeliveredElement(handedOver::add).build();
        try (Scheduler s = Scheduler.builder().name("async").workers(2).uncaughtExceptionHandler(failures).build()) {
            List<Goroutine> senders = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                senders.add(s.go("sender-" + p, () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = base; i < base + perProducer; i++) {
                        if (rnd.nextBoolean()) {
                            ch.send(i);
                            continue;
                        }
                        CompletableFuture<Void> f = ch.sendAsync(i);
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
                    while (true) {
                        Received<Integer> got;
                        if (rnd.nextBoolean()) {
                            got = ch.recvOrClosed();
                        } else {
                            CompletableFuture<Received<Integer>> f = ch.recvOrClosedAsync();
                            if (rnd.nextInt(8) == 0 && f.cancel(false)) {
                                continue;
                            }
                            got = f.get(30, TimeUnit.SECONDS);
                        }
                        if (got.isClosed()) {
                            return;
                        }
                        received.incrementAndGet(got.value());
                    }
                }));
            }
            for (Goroutine g : senders) {
                assertTrue(g.join(Duration.ofSeconds(60)), s::dump);
            }
            ch.close();
            for (Goroutine g : receivers) {
                assertTrue(g.join(Duration.ofSeconds(60)), s::dump);
            }
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int r = received.get(i);
            int u = unsent.get(i);
            assertTrue(r + u == 1, "value " + i + " received " + r + " times, abandoned " + u + " times");
            sum += (long) i * r;
        }
        assertEquals(handedOver.size(), countOf(unsent), "every abandoned send's value was handed over");
        long expected = 0;
        for (int i = 0; i < n; i++) {
            expected += (long) i * (1 - unsent.get(i));
        }
        assertEquals(expected, sum, "checksum of the values received");
    }

    private static int countOf(AtomicIntegerArray a) {
        int c = 0;
        for (int i = 0; i < a.length(); i++) {
            c += a.get(i);
        }
        return c;
    }
}
