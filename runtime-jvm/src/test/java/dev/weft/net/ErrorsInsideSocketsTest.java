package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.StackOverflowDives;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} thrown inside a socket's turn or its close (a {@code StackOverflowError} in
 * one of their calls) leaves the turn free and loses no waiter, and a cut-short close is finished
 * by the next. The turns are taken and given back as {@code Conn}'s operations do; their I/O is
 * left out, since an overflow inside the JDK's own socket code can leave the JDK's locks held.
 */
class ErrorsInsideSocketsTest {
    /**
     * A second thread takes and gives back the same turn in a loop, so it is often queued for it
     * when an overflow strikes the dive's taking or giving back: a turn left held, or a waiter
     * never woken, hangs both.
     */
    @Test
    void aStackOverflowInsideATurnLeavesItFreeAndWakesTheNextInLine() throws Exception {
        try (Listener ln = Net.listen("127.0.0.1:0"); Conn a = Net.dial(Duration.ofSeconds(30), ln.addr()); Conn b = ln.accept()) {
            PollDesc pd = pollDesc(a);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread contender = Thread.ofPlatform().daemon().name("contender").start(() -> {
                try {
                    while (!stop.get()) {
                        turn(pd);
                    }
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            try {
                StackOverflowDives.diveRepeatedly("a write turn against a queued waiter", () -> turn(pd), () -> false);
            } finally {
                stop.set(true);
                contender.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertFalse(contender.isAlive(), "the contender is still waiting for the turn");
            assertNull(thrown.get(), "the contender failed");
            assertNull(pd.write.holder, "the turn is free");
        }
    }

    /**
     * A close that a stack overflow cut short is finished by the next: the dives close listeners
     * at every depth, then each is closed again; after that none may still be registered with
     * the netpoller or open.
     */
    @Test
    void aCloseThatAStackOverflowCutShortIsFinishedByTheNext() throws Exception {
        Poller poller = Poller.get();
        int before = poller.registered();
        Deque<Listener> waiting = new ConcurrentLinkedDeque<>();
        for (int i = 0; i < 500; i++) {
            waiting.add(Net.listen("127.0.0.1:0"));
        }
        List<Listener> listeners = List.copyOf(waiting);
        StackOverflowDives.diveRepeatedly("a listener's close", () -> {
            Listener ln = waiting.poll();
            if (ln != null) {
                try {
                    ln.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, () -> false);
        assertTrue(waiting.isEmpty(), "the dives closed every listener once");
        for (Listener ln : listeners) {
            ln.close();
        }
        assertEquals(before, poller.registered(), "listeners still registered with the netpoller");
        Field channel = Listener.class.getDeclaredField("channel");
        channel.setAccessible(true);
        for (Listener ln : listeners) {
            assertFalse(((Channel) channel.get(ln)).isOpen(), ln + " is still open");
        }
    }

    /** Takes and gives back the write turn as {@code Conn.write} does, with a call in between. */
    private static void turn(PollDesc pd) {
        try {
            pd.lock(SelectionKey.OP_WRITE, "write");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String.valueOf(Thread.currentThread().threadId());
        } finally {
            pd.write.holder = null;
            pd.unlock(SelectionKey.OP_WRITE);
        }
    }

    /**
     * The dives again, in a JVM that only interprets: there every call needs stack of its own
     * (the JIT inlines most of them away), so a compare-and-set can overflow after it succeeded.
     */
    @Test
    void theDivesPassInAJvmThatOnlyInterprets() throws Exception {
        StackOverflowDives.passInAJvmThatOnlyInterprets(ErrorsInsideSocketsTest.class,
                "aStackOverflowInsideATurnLeavesItFreeAndWakesTheNextInLine",
                "aCloseThatAStackOverflowCutShortIsFinishedByTheNext");
    }

    private static PollDesc pollDesc(Conn c) throws ReflectiveOperationException {
        Field f = Conn.class.getDeclaredField("pd");
        f.setAccessible(true);
        return (PollDesc) f.get(c);
    }
}
