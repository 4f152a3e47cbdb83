package dev.weft.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many producers and consumers over one channel, mixing plain, timed and select operations
 * with close: 2 * 10^6 values per capacity, 10^7 over the five capacities. Every value must
 * arrive exactly once (a bit set per consumer, checked for overlap and completeness) and every
 * goroutine must finish (no waiter is left behind by close).
 */
class ChanStressTest {
    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 4;
    private static final int PER_PRODUCER = 500_000;
    private static final int UNBOUNDED = -1;

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 16, 1024, UNBOUNDED})
    void nothingLostNothingDuplicated(int capacity) throws Exception {
        Chan<Integer> ch = capacity == UNBOUNDED ? Chan.unbounded() : Chan.make(capacity);
        Chan<Integer> unrelated = Chan.make();    // a second select case that never fires
        try (Scheduler s = Scheduler.builder().name("stress-" + capacity).build()) {
            List<Goroutine> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int base = p * PER_PRODUCER;
                int style = p % 4;
                producers.add(s.go(() -> produce(ch, unrelated, base, style)));
            }
            BitSet[] seen = new BitSet[CONSUMERS];
            List<Goroutine> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                BitSet mine = new BitSet();
                seen[c] = mine;
                int style = c % 3;
                consumers.add(s.go(() -> consume(ch, unrelated, mine, style)));
            }
            for (Goroutine g : producers) {
                assertTrue(g.join(Duration.ofMinutes(2)), "producer finished");
            }
            ch.close();
            for (Goroutine g : consumers) {
                assertTrue(g.join(Duration.ofMinutes(2)), "consumer woke on close and finished");
            }
            BitSet all = new BitSet();
            long total = 0;
            for (BitSet b : seen) {
                BitSet overlap = (BitSet) all.clone();
                overlap.and(b);
                assertTrue(overlap.isEmpty(), "duplicated values, first: " + overlap.nextSetBit(0));
                all.or(b);
                total += b.cardinality();
            }
            int n = PRODUCERS * PER_PRODUCER;
            assertEquals(n, total, "values received");
            assertEquals(n, all.nextClearBit(0), "no value lost");
            assertFalse(ch.tryRecv().isOk());
        }
    }

    private static void produce(Chan<Integer> ch, Chan<Integer> unrelated, int base, int style) {
        SelectCase<Integer> never = SelectCase.recv(unrelated);
        for (int i = 0; i < PER_PRODUCER; i++) {
            Integer v = base + i;
            switch (style) {
                case 0 -> ch.send(v);
                case 1 -> {
                    while (!ch.send(v, Duration.ofNanos(ThreadLocalRandom.current().nextInt(1, 50_000)))) {
                        // timed out: the value was not sent; try again
                    }
                }
                case 2 -> Select.select(SelectCase.send(ch, v), never);
                default -> {
                    while (!ch.trySend(v)) {
                        if (Select.select(Duration.ofMillis(1), SelectCase.send(ch, v), never) == 0) {
                            break;
                        }
                    }
                }
            }
        }
    }

    private static void consume(Chan<Integer> ch, Chan<Integer> unrelated, BitSet seen, int style) {
        SelectCase<Integer> fromCh = SelectCase.recv(ch);
        SelectCase<Integer> never = SelectCase.recv(unrelated);
        while (true) {
            Received<Integer> r;
            switch (style) {
                case 0 -> r = ch.recvOrClosed();
                case 1 -> {
                    r = ch.recv(Duration.ofNanos(ThreadLocalRandom.current().nextInt(1, 50_000)));
                    if (r.isNotReady()) {
                        continue;
                    }
                }
                default -> {
                    if (Select.select(Duration.ofMillis(5), fromCh, never) != 0) {
                        continue;
                    }
                    r = fromCh.received();
                }
            }
            if (r.isClosed()) {
                return;
            }
            seen.set(r.value());
        }
    }
}
