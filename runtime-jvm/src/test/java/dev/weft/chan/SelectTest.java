package dev.weft.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Waits;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SelectTest {
    private Scheduler s;

    @BeforeEach
    void start() {
        s = Scheduler.builder().name("select").build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void aSelectSendOnAOneshotClosesIt() {
        Chan<String> once = Chan.oneshot();
        assertEquals(0, Select.select(SelectCase.send(once, "only")));
        assertEquals("only", once.recv());
        assertTrue(once.recvOrClosed().isClosed(), "the oneshot closed after its one send");
        assertThrows(ChanClosedException.class, () -> Select.trySelect(SelectCase.send(once, "again")));
    }

    @Test
    void picksTheReadyCase() {
        Chan<Integer> a = Chan.make(1);
        Chan<String> b = Chan.make(1);
        b.send("x");
        SelectCase<Integer> ra = SelectCase.recv(a);
        SelectCase<String> rb = SelectCase.recv(b);
        assertEquals(1, Select.select(ra, rb));
        assertEquals("x", rb.received().value());
        assertThrows(IllegalStateException.class, ra::received);
    }

    @Test
    void defaultCaseWhenNothingIsReady() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        assertEquals(-1, Select.trySelect(SelectCase.recv(a), SelectCase.send(b, 1)));
        assertTrue(b.tryRecv().isNotReady(), "the send case did not happen");
    }

    @Test
    void nilChannelCasesNeverFire() {
        Chan<Integer> ready = Chan.make(1);
        ready.send(5);
        SelectCase<Integer> nil = SelectCase.recv(null);
        SelectCase<Integer> nilSend = SelectCase.send(null, 1);
        SelectCase<Integer> live = SelectCase.recv(ready);
        assertEquals(2, Select.select(nil, nilSend, live));
        assertEquals(-1, Select.trySelect(nil, nilSend));
        assertEquals(-1, Select.select(Duration.ofMillis(10), nil, nilSend));
    }

    @Test
    void closedChannelsFireReceivesAndFailSends() {
        Chan<Integer> closed = Chan.make();
        closed.close(new IllegalArgumentException("why"));
        SelectCase<Integer> r = SelectCase.recv(closed);
        assertEquals(0, Select.select(r, SelectCase.recv(Chan.<Integer>make())));
        assertTrue(r.received().isClosed());
        assertEquals("why", r.received().cause().getMessage());
        ChanClosedException e = assertThrows(ChanClosedException.class,
                () -> Select.select(SelectCase.send(closed, 1)));
        assertEquals("send on closed channel", e.getMessage());
    }

    @Test
    void timeoutCaseFiresWhenNothingElseDoes() {
        Chan<Integer> never = Chan.make();
        long t0 = System.nanoTime();
        assertEquals(-1, Select.select(Duration.ofMillis(30), SelectCase.recv(never), SelectCase.send(never, 1)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(30).toNanos());
        assertTrue(never.tryRecv().isNotReady());
    }

    @Test
    void aBlockedSelectCompletesExactlyOneCase() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        AtomicReference<Integer> fired = new AtomicReference<>();
        SelectCase<Integer> ra = SelectCase.recv(a);
        SelectCase<Integer> rb = SelectCase.recv(b);
        Goroutine g = s.go(() -> fired.set(Select.select(ra, rb)));
        ChanTest.awaitBlocked(List.of(g));
        b.send(7);
        g.join();
        assertEquals(1, fired.get());
        assertEquals(7, rb.received().value());
        assertFalse(a.trySend(1), "the losing case left no receiver behind");
    }

    @Test
    void sameChannelInSeveralCases() throws Exception {
        Chan<Integer> ch = Chan.make(1);
        SelectCase<Integer> recv1 = SelectCase.recv(ch);
        SelectCase<Integer> recv2 = SelectCase.recv(ch);
        SelectCase<Integer> send = SelectCase.send(ch, 9);
        assertEquals(2, Select.select(recv1, recv2, send), "only the send can proceed");
        int i = Select.select(recv1, recv2, SelectCase.send(ch, 10));
        assertTrue(i == 0 || i == 1);
        assertEquals(9, (i == 0 ? recv1 : recv2).received().value());
        assertTrue(ch.tryRecv().isNotReady());
    }

    @Test
    void interruptCancelsABlockedSelect() throws Exception {
        Chan<Integer> ch = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Select.select(SelectCase.recv(ch), SelectCase.send(ch, 1));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        Waits.whileTrue("t.getState() != Thread.State.WAITING", () -> t.getState() != Thread.State.WAITING);
        t.interrupt();
        t.join();
        assertTrue(thrown.get() instanceof CancellationException);
        assertTrue(ch.tryRecv().isNotReady());
        assertFalse(ch.trySend(2), "no stale waiter accepts a value");
    }

    /** Go's select with 4 send cases on one channel: every value arrives once, in a known set. */
    @Test
    void fourWaySendSelectDeliversNoDuplicates() throws Exception {
        Chan<Integer> ch = Chan.make();
        int rounds = 20_000;
        Goroutine sender = s.go(() -> {
            for (int i = 0; i < rounds; i++) {
                int base = 4 * i;
                Select.select(SelectCase.send(ch, base), SelectCase.send(ch, base + 1),
                        SelectCase.send(ch, base + 2), SelectCase.send(ch, base + 3));
            }
            ch.close();
        });
        BitSet seen = new BitSet();
        int count = 0;
        int[] perCase = new int[4];
        for (int v : ch) {
            assertEquals(count, v / 4, "one value per round, rounds in order");
            assertFalse(seen.get(v), "duplicate " + v);
            seen.set(v);
            perCase[v % 4]++;
            count++;
        }
        sender.join();
        assertEquals(rounds, count);
        for (int n : perCase) {
            assertTrue(n > rounds / 8, "every case fires: " + java.util.Arrays.toString(perCase));
        }
    }

    /** Two always-ready channels: each case is chosen 50% +- 2% of 10^5 selects. */
    @Test
    void readyCasesAreChosenUniformly() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        a.send(0);
        b.send(1);
        SelectCase<Integer> ra = SelectCase.recv(a);
        SelectCase<Integer> rb = SelectCase.recv(b);
        int trials = 100_000;
        int firstWins = 0;
        for (int i = 0; i < trials; i++) {
            int k = Select.select(ra, rb);
            if (k == 0) {
                firstWins++;
                a.send(0);
            } else {
                b.send(1);
            }
        }
        double share = firstWins / (double) trials;
        assertTrue(Math.abs(share - 0.5) <= 0.02, "first case share " + share);
    }

    /** Selects racing plain ops and each other: nothing lost, nothing duplicated. */
    @Test
    void selectsAgainstSelectsLoseNothing() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make(4);
        Chan<Integer> done = Chan.make();
        int perSender = 20_000;
        List<Goroutine> gs = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int base = p * perSender;
            gs.add(s.go(() -> {
                for (int i = 0; i < perSender; i++) {
                    int v = base + i;
                    Select.select(SelectCase.send(a, v), SelectCase.send(b, v));
                }
            }));
        }
        long[] sums = new long[2];
        int[] counts = new int[2];
        for (int c = 0; c < 2; c++) {
            int me = c;
            gs.add(s.go(() -> {
                SelectCase<Integer> ra = SelectCase.recv(a);
                SelectCase<Integer> rb = SelectCase.recv(b);
                SelectCase<Integer> stop = SelectCase.recv(done);
                while (true) {
                    int k = Select.select(ra, rb, stop);
                    if (k == 2) {
                        return;
                    }
                    sums[me] += (k == 0 ? ra : rb).received().value();
                    counts[me]++;
                }
            }));
        }
        gs.get(0).join();
        gs.get(1).join();
        // Senders are done; drain what b still buffers through the receivers, then stop them.
        Waits.whileTrue("b.len() > 0", () -> b.len() > 0);
        done.close();
        for (Goroutine g : gs) {
            g.join();
        }
        int n = 2 * perSender;
        assertEquals(n, counts[0] + counts[1]);
        assertEquals((long) n * (n - 1) / 2, sums[0] + sums[1]);
    }
}
