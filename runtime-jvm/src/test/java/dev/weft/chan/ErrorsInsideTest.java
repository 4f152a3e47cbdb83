package dev.weft.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ForkedJvm;
import dev.weft.internal.StackOverflowDives;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} thrown inside a channel operation (a {@code StackOverflowError} in one of its
 * calls, an {@code OutOfMemoryError} in an allocation) leaves no lock held and no structure
 * half-changed: the channel keeps working.
 */
class ErrorsInsideTest {
    @Test
    void aStackOverflowInsideASendOrReceiveLeavesTheChannelUnlocked() throws Exception {
        Chan<Integer> ch = Chan.make(1);
        StackOverflowDives.diveRepeatedly("trySend/tryRecv", () -> {
            ch.trySend(1);
            ch.tryRecv();
        }, ch.lock::isLocked);
        assertTrue(ch.trySend(7));
        assertEquals(7, ch.tryRecv().value());
    }

    @Test
    void aStackOverflowInsideASelectLeavesEveryChannelUnlocked() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make(1);
        StackOverflowDives.diveRepeatedly("trySelect", () -> {
            Select.trySelect(SelectCase.recv(a), SelectCase.send(b, 1));
            b.tryRecv();
        }, () -> a.lock.isLocked() || b.lock.isLocked());
    }

    /**
     * A select that claims a blocked counterpart goes deepest while it holds the lock (the
     * claim is a CAS through a VarHandle); a platform thread keeps a sender blocked on the
     * channel. Its lock is taken by that thread too, so the check after each operation cannot
     * be "is it locked": a lock left held shows as a dive that hangs (its next operation waits
     * for a lock its own thread holds).
     */
    @Test
    void aStackOverflowInsideASelectThatClaimsABlockedSenderLeavesTheChannelUnlocked() throws Exception {
        Chan<Integer> ch = Chan.make();
        AtomicBoolean stop = new AtomicBoolean();
        Thread sender = Thread.ofPlatform().daemon().name("blocked-sender").start(() -> {
            while (!stop.get()) {
                ch.send(1, Duration.ofMillis(10));
            }
        });
        try {
            StackOverflowDives.diveRepeatedly("select claiming a blocked sender",
                    () -> Select.trySelect(SelectCase.recv(ch)), () -> false);
        } finally {
            stop.set(true);
            sender.join(Duration.ofSeconds(30));
        }
        assertFalse(sender.isAlive(), "the sender could still take the lock");
        assertFalse(ch.lock.isLocked());
    }

    @Test
    void aStackOverflowInsideACloseLeavesTheChannelUnlocked() throws Exception {
        Chan<?>[] last = new Chan<?>[1];
        StackOverflowDives.diveRepeatedly("close", () -> {
            Chan<Integer> c = Chan.make();
            last[0] = c;
            c.close();
        }, () -> last[0] != null && last[0].lock.isLocked());
    }

    /**
     * Fills an unbounded channel until the heap runs out (its buffer doubles under the lock),
     * in a JVM of its own with a small heap; the channel must then still give back its first
     * value.
     */
    @Test
    void anOutOfMemoryErrorWhileABufferGrowsLeavesTheChannelWorking() throws Exception {
        String output = ForkedJvm.run(FillUntilOutOfMemory.class, Duration.ofSeconds(240), List.of("-Xmx48m"));
        assertTrue(output.contains("first=0 closed=true"), output);
    }

    /**
     * The stack-overflow dives again, in a JVM that only interprets: cold code is interpreted,
     * every call there needs stack of its own (the JIT inlines most of them away), and that is
     * where an {@code unlock()} in a {@code finally} overflowed too, and a select left its
     * channel locked.
     */
    @Test
    void theStackOverflowDivesPassInAJvmThatOnlyInterprets() throws Exception {
        StackOverflowDives.passInAJvmThatOnlyInterprets(ErrorsInsideTest.class,
                "aStackOverflowInsideASendOrReceiveLeavesTheChannelUnlocked",
                "aStackOverflowInsideASelectLeavesEveryChannelUnlocked",
                "aStackOverflowInsideASelectThatClaimsABlockedSenderLeavesTheChannelUnlocked",
                "aStackOverflowInsideACloseLeavesTheChannelUnlocked");
    }

    /** Run by {@link #anOutOfMemoryErrorWhileABufferGrowsLeavesTheChannelWorking}. */
    public static final class FillUntilOutOfMemory {
        public static void main(String[] args) {
            Object mark = new Object();      // one value, sent again and again: only the buffer grows
            Chan<Object> ch = Chan.unbounded();
            long sent = 0;
            try {
                for (;; sent++) {
                    ch.send(mark);
                }
            } catch (OutOfMemoryError e) {
                // the buffer could grow no more
            }
            Object first = ch.tryRecv().value();
            ch.close();
            System.out.println("first=" + (first == mark ? 0 : -1) + " closed=" + ch.isClosed()
                    + " sent=" + sent + " len=" + ch.len());
        }
    }
}
