package dev.weft.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What kotlinx.coroutines and jox users expect of a channel beyond Go's: overflow policies and
 * conflation, cancel, close handlers, non-throwing sends, the closed-for-receive state, and an
 * undelivered-element handler that sees every value the channel took and did not deliver.
 */
class ChanOptionsTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    private final Scheduler s = Scheduler.builder().name("chan-options").uncaughtExceptionHandler(failures).build();
    private final List<Integer> undelivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        s.close();
    }

    private Chan.Builder<Integer> handing() {
        return Chan.<Integer>builder().onUndeliveredElement(undelivered::add);
    }

    @Test
    void aConflatedChannelKeepsTheLatestValueAndHandsOverTheRest() {
        Chan<Integer> ch = Chan.conflated();
        for (int i = 1; i <= 5; i++) {
            ch.send(i);                       // never blocks
        }
        assertEquals(5, ch.recv());
        assertTrue(ch.tryRecv().isNotReady());
        Chan<Integer> handed = handing().capacity(1).overflow(BufferOverflow.DROP_OLDEST).build();
        for (int i = 1; i <= 5; i++) {
            assertTrue(handed.trySend(i));
        }
        assertEquals(List.of(1, 2, 3, 4), undelivered);
        assertEquals(5, handed.recv());
    }

    @Test
    void dropLatestKeepsTheOldestValues() {
        Chan<Integer> ch = handing().capacity(2).overflow(BufferOverflow.DROP_LATEST).build();
        for (int i = 1; i <= 5; i++) {
            assertTrue(ch.send(i, Duration.ZERO), "a send that drops still completes");
        }
        assertEquals(List.of(3, 4, 5), undelivered);
        assertEquals(1, ch.recv());
        assertEquals(2, ch.recv());
    }

    @Test
    void badOptionsAreRejectedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Chan.builder().overflow(BufferOverflow.DROP_OLDEST).build());
        assertEquals("a rendezvous channel has no buffer to drop from: DROP_OLDEST needs a capacity of at least 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Chan.builder().capacity(-1));
        assertThrows(NullPointerException.class, () -> Chan.builder().overflow(null));
        assertThrows(NullPointerException.class, () -> Chan.builder().onUndeliveredElement(null));
    }

    @Test
    void cancelDiscardsTheBufferAndClosesWithACancellation() {
        Chan<Integer> ch = handing().capacity(10).build();
        for (int i = 1; i <= 3; i++) {
            ch.send(i);
        }
        assertFalse(ch.isClosedForReceive());
        ch.cancel();
        assertEquals(List.of(1, 2, 3), undelivered, "every buffered value handed over, in order");
        assertTrue(ch.isClosed());
        assertTrue(ch.isClosedForReceive());
        ChanClosedException e = assertThrows(ChanClosedException.class, ch::recv);
        assertInstanceOf(CancellationException.class, e.getCause());
        ch.cancel();                          // idempotent
        Chan<Integer> closedFirst = handing().capacity(10).build();
        closedFirst.send(7);
        closedFirst.close();
        assertFalse(closedFirst.isClosedForReceive(), "closed, but a value is still buffered");
        closedFirst.cancel(new IllegalStateException("ignored: already closed"));
        assertEquals(List.of(1, 2, 3, 7), undelivered);
        assertNull(closedFirst.recvOrClosed().cause(), "the first close's cause stands");
    }

    @Test
    void cancelWakesABlockedSenderWhoseValueIsHandedOver() throws Exception {
        Chan<Integer> ch = handing().build();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Goroutine sender = s.go(() -> {
            try {
                ch.send(42);
            } catch (ChanClosedException e) {
                failed.set(e);
            }
        });
        Waits.whileTrue("the sender has not blocked", () -> sender.state() != Goroutine.State.WAITING);
        ch.cancel(new IllegalStateException("shutting down"));
        sender.join();
        assertInstanceOf(ChanClosedException.class, failed.get());
        assertEquals("shutting down", failed.get().getCause().getMessage());
        assertEquals(List.of(42), undelivered);
    }

    @Test
    void failedSendsHandTheirValueOverButReportedOutcomesLeaveItWithTheCaller() throws Exception {
        Chan<Integer> ch = handing().capacity(1).build();
        ch.send(1);
        assertFalse(ch.send(2, Duration.ofMillis(1)), "timed out");
        assertFalse(ch.trySend(3), "full");
        assertEquals(Sent.NOT_READY, ch.trySendOrClosed(4));
        assertEquals(List.of(), undelivered, "the caller was told: it keeps the value");
        ch.close();
        assertEquals(Sent.CLOSED, ch.trySendOrClosed(5));
        assertEquals(Sent.CLOSED, ch.sendOrClosed(6));
        assertEquals(List.of(), undelivered);
        assertThrows(ChanClosedException.class, () -> ch.send(7));
        assertThrows(ChanClosedException.class, () -> ch.trySend(8));
        assertThrows(ChanClosedException.class, () -> Select.select(SelectCase.send(ch, 9)));
        assertEquals(List.of(7, 8, 9), undelivered, "each send that threw handed its value over");

        Chan<Integer> never = handing().build();
        Chan<Integer> alsoNever = handing().build();
        AtomicReference<Throwable> abandoned = new AtomicReference<>();
        Goroutine g = s.go(() -> {
            try {
                Select.select(SelectCase.send(never, 10), SelectCase.send(alsoNever, 11));
            } catch (CancellationException e) {
                abandoned.set(e);
            }
        });
        Waits.whileTrue("the select has not blocked", () -> g.state() != Goroutine.State.WAITING);
        g.interrupt();
        g.join(Duration.ofSeconds(30));
        assertInstanceOf(CancellationException.class, abandoned.get());
        assertEquals(List.of(7, 8, 9, 10, 11), undelivered, "an abandoned select hands over every send case");
    }

    @Test
    void aHandlerThatThrowsJoinsTheSendsOwnException() {
        Chan<Integer> ch = Chan.<Integer>builder().onUndeliveredElement(v -> {
            throw new IllegalStateException("handler " + v);
        }).build();
        ch.close();
        ChanClosedException e = assertThrows(ChanClosedException.class, () -> ch.send(1));
        assertEquals("handler 1", e.getSuppressed()[0].getMessage());
    }

    @Test
    void closeHandlersRunOnceWithTheCause() {
        Chan<Integer> ch = Chan.make(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        ch.invokeOnClose(c -> {
            runs.incrementAndGet();
            seen.set(c);
        });
        IllegalStateException second = assertThrows(IllegalStateException.class, () -> ch.invokeOnClose(c -> { }));
        assertEquals("the channel already has a close handler", second.getMessage());
        assertEquals(0, runs.get());
        IllegalStateException cause = new IllegalStateException("done");
        ch.close(cause);
        assertEquals(1, runs.get());
        assertSame(cause, seen.get());

        Chan<Integer> closed = Chan.make();
        closed.close();
        AtomicInteger atOnce = new AtomicInteger();
        closed.invokeOnClose(c -> atOnce.incrementAndGet());
        assertEquals(1, atOnce.get(), "runs at once on a closed channel");

        Chan<Integer> oneshot = Chan.oneshot();
        AtomicInteger byTheSend = new AtomicInteger();
        oneshot.invokeOnClose(c -> byTheSend.incrementAndGet());
        oneshot.send(1);
        assertEquals(1, byTheSend.get(), "a oneshot's send closes it");

        Chan<Integer> cancelled = Chan.make();
        AtomicReference<Throwable> why = new AtomicReference<>();
        cancelled.invokeOnClose(why::set);
        cancelled.cancel();
        assertInstanceOf(CancellationException.class, why.get());
    }

    @Test
    void receivedOutcomesCanBeMadeByHand() {
        assertEquals(3, Received.of(3).value());
        assertTrue(Received.of(3).isOk());
        assertTrue(Received.closed(null).isClosed());
        assertTrue(Received.notReady().isNotReady());
        assertThrows(NullPointerException.class, () -> Received.of(null));
    }

    /**
     * Exactly once, under a cancel that races with everything: senders on a blocking, a
     * conflated and a drop-latest channel; receivers; a cancel midway. Every value sent is
     * received or handed over, and none is both: the sums and counts agree.
     */
    @Test
    void everyValueIsReceivedOrHandedOverExactlyOnceUnderCancel() throws Exception {
        for (BufferOverflow overflow : BufferOverflow.values()) {
            for (int round = 0; round < 20; round++) {
                LongAdder handedSum = new LongAdder();
                LongAdder handedCount = new LongAdder();
                Chan<Long> ch = Chan.<Long>builder().capacity(4).overflow(overflow).onUndeliveredElement(v -> {
                    handedSum.add(v);
                    handedCount.increment();
                }).build();
                LongAdder sentSum = new LongAdder();
                LongAdder sentCount = new LongAdder();
                LongAdder receivedSum = new LongAdder();
                LongAdder receivedCount = new LongAdder();
                LongAdder sendersDone = new LongAdder();
                List<Goroutine> gs = new CopyOnWriteArrayList<>();
                for (int p = 0; p < 4; p++) {
                    long base = p * 1_000_000L;
                    gs.add(s.go(() -> {
                        for (long v = base + 1; v <= base + 2_000; v++) {
                            sentSum.add(v);
                            sentCount.increment();
                            try {
                                ch.send(v);
                            } catch (ChanClosedException e) {
                                break;
                            }
                        }
                        sendersDone.increment();
                    }));
                }
                for (int c = 0; c < 2; c++) {
                    gs.add(s.go(() -> {
                        for (Received<Long> r = ch.recvOrClosed(); r.isOk(); r = ch.recvOrClosed()) {
                            receivedSum.add(r.value());
                            receivedCount.increment();
                        }
                    }));
                }
                Waits.whileTrue("too few values have moved", () -> receivedCount.sum() < 100 && sendersDone.sum() < 4);
                ch.cancel();
                for (Goroutine g : gs) {
                    assertTrue(g.join(Duration.ofSeconds(30)), () -> "stuck\n" + s.dump());
                }
                assertEquals(sentCount.sum(), receivedCount.sum() + handedCount.sum(), overflow + ": count");
                assertEquals(sentSum.sum(), receivedSum.sum() + handedSum.sum(), overflow + ": checksum");
            }
        }
    }
}
