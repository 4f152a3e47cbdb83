package dev.weft.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChanTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    private Scheduler s;

    @BeforeEach
    void start() {
        s = Scheduler.builder().name("chan").uncaughtExceptionHandler(failures).build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void rendezvousHandsOverBetweenGoroutines() throws Exception {
        Chan<Integer> ch = Chan.make();
        assertEquals(0, ch.cap());
        s.go(() -> {
            for (int i = 0; i < 1000; i++) {
                ch.send(i);
            }
            ch.close();
        });
        int expected = 0;
        for (int v : ch) {
            assertEquals(expected++, v, "FIFO");
        }
        assertEquals(1000, expected);
    }

    @Test
    void nonBlockingOpsOnCapacityZeroAndOne() {
        // Go's test/chan/nonblock.go, in spirit.
        Chan<Integer> unbuffered = Chan.make();
        assertFalse(unbuffered.trySend(1), "no receiver: a rendezvous send would block");
        assertTrue(unbuffered.tryRecv().isNotReady());
        Chan<Integer> one = Chan.make(1);
        assertTrue(one.trySend(1));
        assertFalse(one.trySend(2), "full");
        assertEquals(1, one.len());
        assertEquals(1, one.tryRecv().value());
        assertTrue(one.tryRecv().isNotReady());
        assertEquals(0, one.len());
    }

    @Test
    void aBlockedReceiverIsFoundByTrySend() throws Exception {
        Chan<String> ch = Chan.make();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> got = new AtomicReference<>();
        Goroutine g = s.go(() -> {
            got.set(ch.recv());
            done.countDown();
        });
        while (!ch.trySend("hi")) {
            Thread.onSpinWait();   // until the receiver has parked in recv
        }
        done.await();
        g.join();
        assertEquals("hi", got.get());
    }

    @Test
    void bufferedKeepsFifoAndUnboundedNeverBlocks() {
        Chan<Integer> buffered = Chan.make(3);
        for (int i = 0; i < 3; i++) {
            buffered.send(i);
        }
        assertEquals(3, buffered.len());
        assertEquals(List.of(0, 1, 2), List.of(buffered.recv(), buffered.recv(), buffered.recv()));

        Chan<Integer> unbounded = Chan.unbounded();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(unbounded.trySend(i));
        }
        assertEquals(100_000, unbounded.len());
        assertEquals(Integer.MAX_VALUE, unbounded.cap());
        unbounded.close();
        assertEquals(IntStream.range(0, 100_000).boxed().toList(), unbounded.stream().toList());
    }

    @Test
    void closedChannelsDrainThenReportClosed() {
        Chan<Integer> ch = Chan.make(2);
        ch.send(1);
        ch.send(2);
        ch.close();
        assertTrue(ch.isClosed());
        assertEquals(1, ch.recv());
        assertEquals(2, ch.recvOrClosed().value());
        Received<Integer> r = ch.recvOrClosed();
        assertTrue(r.isClosed());
        assertFalse(r.isOk());
        assertEquals(7, r.valueOr(7));
        ChanClosedException e = assertThrows(ChanClosedException.class, ch::recv);
        assertEquals("receive from closed channel", e.getMessage());
        assertTrue(ch.tryRecv().isClosed());
    }

    @Test
    void sendOnClosedAndDoubleCloseThrowWithClearMessages() {
        Chan<Integer> ch = Chan.make(1);
        ch.close();
        assertEquals("send on closed channel", assertThrows(ChanClosedException.class, () -> ch.send(1)).getMessage());
        assertThrows(ChanClosedException.class, () -> ch.trySend(1));
        assertThrows(ChanClosedException.class, () -> ch.send(1, Duration.ofMillis(1)));
        assertEquals("close of closed channel", assertThrows(IllegalStateException.class, ch::close).getMessage());
    }

    /**
     * A bounded channel's buffer is allocated as it fills: a huge capacity costs nothing up
     * front (it used to take capacity × 4 bytes at once, and an OutOfMemoryError for the
     * largest), and the buffer still holds exactly {@code capacity} values.
     */
    @Test
    void aLargeCapacityIsAllocatedAsTheBufferFills() {
        List<Chan<Integer>> huge = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            huge.add(Chan.make(Integer.MAX_VALUE - 8));    // 64 × 8 GB if allocated at once
        }
        for (Chan<Integer> ch : huge) {
            assertTrue(ch.trySend(1));
            assertEquals(1, ch.tryRecv().value());
        }
        Chan<Integer> hundred = Chan.make(100);
        for (int i = 0; i < 100; i++) {
            assertTrue(hundred.trySend(i), "room for value " + i);
        }
        assertFalse(hundred.trySend(100), "full at its capacity");
        assertEquals(0, hundred.tryRecv().value());
        assertTrue(hundred.trySend(100));
        for (int i = 1; i <= 100; i++) {
            assertEquals(i, hundred.tryRecv().value(), "in order");
        }
    }

    @Test
    void badInputIsRejected() {
        assertEquals("channel capacity must not be negative, but is -1",
                assertThrows(IllegalArgumentException.class, () -> Chan.make(-1)).getMessage());
        Chan<String> ch = Chan.make(1);
        assertThrows(NullPointerException.class, () -> ch.send(null));
        assertThrows(NullPointerException.class, () -> SelectCase.send(ch, null));
    }

    @Test
    void closeWakesEveryBlockedSenderAndReceiverAtOnce() throws Exception {
        Chan<Integer> full = Chan.make(1);
        full.send(0);
        Chan<Integer> empty = Chan.make();
        int n = 100;
        AtomicInteger sendersFailed = new AtomicInteger();
        AtomicInteger receiversClosed = new AtomicInteger();
        CountDownLatch blocked = new CountDownLatch(2 * n);
        List<Goroutine> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(s.go(() -> {
                blocked.countDown();
                try {
                    full.send(1);
                } catch (ChanClosedException e) {
                    sendersFailed.incrementAndGet();
                }
            }));
            all.add(s.go(() -> {
                blocked.countDown();
                if (empty.recvOrClosed().isClosed()) {
                    receiversClosed.incrementAndGet();
                }
            }));
        }
        blocked.await();
        awaitBlocked(all);
        full.close();
        empty.close();
        for (Goroutine g : all) {
            assertTrue(g.join(Duration.ofSeconds(10)));
        }
        assertEquals(n, sendersFailed.get(), "every blocked sender learns its value was not sent");
        assertEquals(n, receiversClosed.get());
        assertEquals(0, full.recv(), "the buffered value survives the close");
        assertTrue(full.recvOrClosed().isClosed());
    }

    @Test
    void closeWithCauseIsSeenByReceivers() {
        Chan<Integer> ch = Chan.make(1);
        ch.send(1);
        IllegalStateException cause = new IllegalStateException("upstream failed");
        ch.close(cause);
        assertEquals(1, ch.recv());
        assertSame(cause, ch.recvOrClosed().cause());
        assertSame(cause, assertThrows(ChanClosedException.class, ch::recv).getCause());
        assertSame(cause, assertThrows(ChanClosedException.class, () -> ch.iterator().hasNext()).getCause());
        assertSame(cause, assertThrows(ChanClosedException.class, () -> ch.send(2)).getCause());
    }

    @Test
    void oneshotDeliversOneValueThenIsClosed() throws Exception {
        Chan<String> once = Chan.oneshot();
        Goroutine waiter = s.go(() -> assertEquals("result", once.recv()));
        once.send("result");
        waiter.join();
        assertTrue(once.isClosed());
        assertThrows(ChanClosedException.class, () -> once.send("again"));
        assertTrue(once.recvOrClosed().isClosed());
    }

    @Test
    void timedOperationsTimeOutWithoutSideEffects() {
        Chan<Integer> ch = Chan.make(1);
        assertTrue(ch.recv(Duration.ofMillis(20)).isNotReady());
        ch.send(1);
        assertFalse(ch.send(2, Duration.ofMillis(20)), "full: times out");
        assertEquals(1, ch.recv());
        assertTrue(ch.tryRecv().isNotReady(), "the timed-out value was never sent");
        assertTrue(ch.send(3, Duration.ofMillis(20)));
        assertEquals(3, ch.recv(Duration.ofSeconds(1)).value());
    }

    @Test
    void interruptingABlockedPlatformThreadCancelsTheOperation() throws Exception {
        Chan<Integer> ch = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                ch.send(42);
            } catch (Throwable e) {
                thrown.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        Waits.whileTrue("t.getState() != Thread.State.WAITING", () -> t.getState() != Thread.State.WAITING);
        t.interrupt();
        t.join();
        assertTrue(thrown.get() instanceof CancellationException, String.valueOf(thrown.get()));
        assertTrue(stillInterrupted.get());
        assertTrue(ch.tryRecv().isNotReady(), "the interrupted send delivered nothing");
    }

    @Test
    void worksBetweenPlatformThreadsAndGoroutines() throws Exception {
        Chan<Integer> toGoroutine = Chan.make();
        Chan<Integer> toPlatform = Chan.make();
        s.go(() -> {
            for (int v : toGoroutine) {
                toPlatform.send(v * 2);
            }
            toPlatform.close();
        });
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 1; i <= 100; i++) {
                toGoroutine.send(i);
            }
            toGoroutine.close();
        });
        int sum = toPlatform.stream().mapToInt(Integer::intValue).sum();
        producer.join();
        assertEquals(2 * 5050, sum);
    }

    @Test
    void directionalViewsLimitWhatAFunctionCanDo() throws Exception {
        Chan<String> ch = Chan.make(10);
        produce(ch, 3);
        assertEquals("v0,v1,v2", consume(ch));
    }

    private static void produce(SendChan<String> out, int n) {
        for (int i = 0; i < n; i++) {
            out.send("v" + i);
        }
        out.close();
    }

    private static String consume(RecvChan<String> in) {
        return in.stream().collect(Collectors.joining(","));
    }

    /** Waits until every goroutine is parked (they signalled just before blocking). */
    static void awaitBlocked(List<Goroutine> gs) {
        for (Goroutine g : gs) {
            Waits.whileTrue("g.state() != Goroutine.State.WAITING && !g.isDone()", () -> g.state() != Goroutine.State.WAITING && !g.isDone());
        }
    }
}
