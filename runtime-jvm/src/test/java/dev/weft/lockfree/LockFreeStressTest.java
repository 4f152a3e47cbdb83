package dev.weft.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Producers and consumers on platform threads move {@value #ELEMENTS} elements (the
 * {@code weft.lockfree.elements} property sets another count) through each structure: every
 * element comes out exactly once (count and checksum), and, for the queues, each producer's
 * elements in the order it added them. Bad input fails at once.
 */
class LockFreeStressTest {
    private static final long ELEMENTS = Long.getLong("weft.lockfree.elements", 10_000_000L);

    /** Runs the threads and fails with what they threw; a bounded wait. */
    private static void runAll(List<Thread> threads) throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (Thread t : threads) {
            t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(5));
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("a thread failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /**
     * {@code producers} threads offer (spinning while full) values that encode their producer and
     * sequence; {@code consumers} threads poll until all have come. Checks count, sum and
     * per-producer order.
     */
    private static void moveThrough(Queue<Long> q, int producers, int consumers) throws Exception {
        long perProducer = ELEMENTS / producers;
        long total = perProducer * producers;
        AtomicLong taken = new AtomicLong();
        LongAdder sum = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long producer = p;
            threads.add(new Thread(() -> {
                for (long i = 0; i < perProducer; i++) {
                    Long v = (producer << 40) | i;
                    while (!q.offer(v)) {
                        Thread.onSpinWait();
                    }
                }
            }, "producer-" + p));
        }
        for (int c = 0; c < consumers; c++) {
            threads.add(new Thread(() -> {
                long[] last = new long[producers];
                java.util.Arrays.fill(last, -1);
                long local = 0;
                while (taken.get() < total) {
                    Long v = q.poll();
                    if (v == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    int producer = (int) (v >>> 40);
                    long seq = v & ((1L << 40) - 1);
                    if (seq <= last[producer]) {
                        throw new AssertionError("producer " + producer + "'s " + seq + " after " + last[producer]);
                    }
                    last[producer] = seq;
                    local += seq;
                    taken.incrementAndGet();
                }
                sum.add(local);
            }, "consumer-" + c));
        }
        runAll(threads);
        assertEquals(total, taken.get(), "elements taken");
        assertEquals(producers * (perProducer * (perProducer - 1) / 2), sum.sum(), "checksum");
        assertNull(q.poll(), "nothing left over");
    }

    @Test
    void mpmcTwoProducersTwoConsumers() throws Exception {
        moveThrough(new MpmcQueue<>(1024), 2, 2);
    }

    /**
     * The queue keeps the low 32 bits of each position in its slots: positions that cross
     * 2^31 (where those bits turn negative) and 2^32 (where they wrap to 0) change nothing.
     */
    @Test
    void mpmcAcrossTheWrapOfItsSequenceNumbers() throws Exception {
        for (long first : new long[] {(1L << 31) - 1000, (1L << 32) - 1000, (1L << 32) - 3}) {
            MpmcQueue<Integer> q = new MpmcQueue<>(8, first);
            for (int lap = 0; lap < 300; lap++) {
                for (int i = 0; i < 8; i++) {
                    assertTrue(q.offer(lap * 8 + i), "room at " + (first + lap * 8 + i));
                }
                assertFalse(q.offer(-1), "full");
                assertEquals(8, q.size());
                for (int i = 0; i < 8; i++) {
                    assertEquals(lap * 8 + i, q.peek());
                    assertEquals(lap * 8 + i, q.poll());
                }
                assertNull(q.poll(), "empty");
                assertNull(q.peek(), "empty");
            }
            moveThrough(new MpmcQueue<>(1024, first), 2, 2);
        }
    }

    @Test
    void spscOneProducerOneConsumer() throws Exception {
        moveThrough(new SpscQueue<>(1024), 1, 1);
    }

    @Test
    void treiberPushersAndPoppers() throws Exception {
        TreiberStack<Long> s = new TreiberStack<>();
        long perPusher = ELEMENTS / 4;
        AtomicLong popped = new AtomicLong();
        LongAdder sum = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            threads.add(new Thread(() -> {
                for (long i = 0; i < perPusher; i++) {
                    s.push(i);
                }
            }, "pusher-" + p));
            threads.add(new Thread(() -> {
                long local = 0;
                while (popped.get() < 2 * perPusher) {
                    Long v = s.pop();
                    if (v == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    local += v;
                    popped.incrementAndGet();
                }
                sum.add(local);
            }, "popper-" + p));
        }
        runAll(threads);
        assertEquals(2 * perPusher, popped.get());
        assertEquals(2 * (perPusher * (perPusher - 1) / 2), sum.sum(), "checksum");
        assertTrue(s.isEmpty());
    }

    /**
     * The owner pushes every element and pops some (spinning while full); two thieves steal,
     * one element at a time or half of what is there into a deque of their own, which they then
     * pop as its owner. Every element comes out exactly once: count and checksum.
     */
    @Test
    void dequeOwnerAndThieves() throws Exception {
        WorkStealingDeque<Long> d = new WorkStealingDeque<>(1024);
        AtomicLong taken = new AtomicLong();
        LongAdder sum = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            long local = 0;
            for (long i = 0; i < ELEMENTS; i++) {
                while (!d.push(i)) {
                    Long v = d.pop();        // full: the owner works through its own
                    if (v != null) {
                        local += v;
                        taken.incrementAndGet();
                    }
                }
                if ((i & 7) == 0) {
                    Long v = d.pop();
                    if (v != null) {
                        local += v;
                        taken.incrementAndGet();
                    }
                }
            }
            sum.add(local);
        }, "owner"));
        for (int t = 0; t < 2; t++) {
            boolean halves = t == 1;
            threads.add(new Thread(() -> {
                WorkStealingDeque<Long> mine = new WorkStealingDeque<>(256);
                long local = 0;
                while (taken.get() < ELEMENTS) {
                    if (halves) {
                        d.stealHalfInto(mine);
                        for (Long v; (v = mine.pop()) != null; ) {
                            local += v;
                            taken.incrementAndGet();
                        }
                    } else {
                        Long v = d.steal();
                        if (v == null) {
                            Thread.onSpinWait();
                            continue;
                        }
                        local += v;
                        taken.incrementAndGet();
                    }
                }
                sum.add(local);
            }, halves ? "thief-halves" : "thief"));
        }
        runAll(threads);
        assertEquals(ELEMENTS, taken.get(), "count");
        assertEquals(ELEMENTS * (ELEMENTS - 1) / 2, sum.sum(), "checksum");
        assertTrue(d.isEmpty());
    }

    @Test
    void badInputFailsAtOnce() {
        for (int bad : new int[] {0, -4, 3, 1000}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpscQueue<>(bad));
            assertEquals("capacity must be a positive power of two: " + bad, e.getMessage());
        }
        for (int bad : new int[] {0, 1, -4, 3, 1000}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MpmcQueue<>(bad));
            assertEquals("capacity must be a power of two of at least 2: " + bad, e.getMessage());
        }
        MpmcQueue<String> m = new MpmcQueue<>(2);
        assertThrows(NullPointerException.class, () -> m.offer(null));
        assertTrue(m.offer("a") && m.offer("b"));
        assertFalse(m.offer("c"), "full");
        assertEquals(2, m.size());
        assertThrows(UnsupportedOperationException.class, m::iterator);
        assertEquals(2, m.capacity());
        assertEquals("a", m.poll());
        assertEquals("b", m.peek());
        assertEquals("b", m.poll());
        assertNull(m.poll());
        SpscQueue<String> one = new SpscQueue<>(1);
        assertTrue(one.offer("x"));
        assertFalse(one.offer("y"), "full");
        assertEquals("x", one.poll());
        assertThrows(NullPointerException.class, () -> one.offer(null));
        assertThrows(NullPointerException.class, () -> new TreiberStack<String>().push(null));
        for (int bad : new int[] {0, -4, 3, 1000}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkStealingDeque<>(bad));
            assertEquals("capacity must be a positive power of two: " + bad, e.getMessage());
        }
        WorkStealingDeque<String> d = new WorkStealingDeque<>(2);
        assertThrows(NullPointerException.class, () -> d.push(null));
        assertTrue(d.push("a") && d.push("b"));
        assertFalse(d.push("c"), "full");
        assertEquals(2, d.size());
        assertEquals(2, d.capacity());
        assertEquals("b", d.pop(), "the owner takes the newest");
        assertEquals("a", d.steal(), "a thief takes the oldest");
        assertNull(d.pop());
        assertNull(d.steal());
        assertThrows(IllegalArgumentException.class, () -> d.stealHalfInto(d));
    }
}
