package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.internal.StackOverflowDives;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} thrown inside a socket's turn (a {@code StackOverflowError} in one of its
 * calls) leaves the turn free and loses no waiter: the socket keeps working for every goroutine.
 * The operations take and give back the turn as {@code Conn}'s do; their I/O is left out, since
 * an overflow inside the JDK's own socket code can leave the JDK's locks held.
 */
class TurnsAfterErrorsTest {
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
        StackOverflowDives.passInAJvmThatOnlyInterprets(TurnsAfterErrorsTest.class,
                "aStackOverflowInsideATurnLeavesItFreeAndWakesTheNextInLine");
    }

    private static PollDesc pollDesc(Conn c) throws ReflectiveOperationException {
        Field f = Conn.class.getDeclaredField("pd");
        f.setAccessible(true);
        return (PollDesc) f.get(c);
    }
}
