package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class GlobalQueueTest {

    /** A task that knows who made it and its number among that producer's tasks. */
    record Task(int producer, int seq) implements Runnable {
        @Override
        public void run() {}
    }

    private static List<Integer> drain(GlobalQueue q) {
        List<Integer> out = new ArrayList<>();
        for (Runnable r; (r = q.poll()) != null; ) {
            out.add(((Task) r).seq());
        }
        return out;
    }

    @Test
    void offersComeOutOldestFirstAndChainsKeepTheirOrder() {
        GlobalQueue q = new GlobalQueue();
        assertTrue(q.isEmpty());
        assertNull(q.poll());
        q.offer(new Task(0, 0));
        q.offerAll(new Runnable[] {new Task(0, 1), new Task(0, 2)}, new Task(0, 3));
        q.offerAll(new Runnable[0], new Task(0, 4));
        q.offer(new Task(0, 5));
        assertFalse(q.isEmpty());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), drain(q));
        assertTrue(q.isEmpty());
    }

    @Test
    void aBatchTakesAboutHalfIntoTheRingInOrder() {
        GlobalQueue q = new GlobalQueue();
        for (int i = 0; i < 10; i++) {
            q.offer(new Task(0, i));
        }
        RunQueue ring = new RunQueue();
        assertEquals(0, ((Task) q.pollBatch(ring)).seq(), "the oldest is returned to run now");
        assertEquals(4, ring.size(), "half of the ten, the one returned included");
        for (int i = 1; i <= 4; i++) {
            assertEquals(i, ((Task) ring.poll()).seq());
        }
        assertEquals(List.of(5, 6, 7, 8, 9), drain(q), "the rest stays, in order");
        q.offer(new Task(0, 10));
        assertEquals(10, ((Task) q.pollBatch(ring)).seq());
        assertTrue(ring.isEmpty(), "a lone task is just returned");
    }

    @Test
    void aBatchStopsAtTheLimitAndAtHalfTheRingsRoom() {
        GlobalQueue q = new GlobalQueue();
        for (int i = 0; i < 1_000; i++) {
            q.offer(new Task(0, i));
        }
        RunQueue ring = new RunQueue();
        q.pollBatch(ring);
        assertEquals(GlobalQueue.MAX_BATCH - 1, ring.size());
        RunQueue full = new RunQueue();
        GlobalQueue spill = new GlobalQueue();
        for (int i = 0; i < RunQueue.CAPACITY - 10; i++) {
            full.offer(new Task(1, i), spill);
        }
        q.pollBatch(full);
        assertEquals(RunQueue.CAPACITY - 10 + 4, full.size(), "room of 10: four moved beside the one returned");
        assertTrue(spill.isEmpty(), "the ring never overflowed");
    }

    /**
     * Producers offering one at a time and in chains, workers taking batches into rings of their
     * own: every task is taken exactly once, and each consumer sees each producer's tasks in the
     * order they were offered (the queue is FIFO and a batch is a run of consecutive tasks).
     */
    @Test
    void concurrentProducersAndBatchConsumersLoseDuplicateAndReorderNothing() throws Exception {
        int producers = 3;
        int perProducer = 300_000;
        GlobalQueue q = new GlobalQueue();
        AtomicIntegerArray taken = new AtomicIntegerArray(producers * perProducer);
        LongAdder count = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(Thread.ofPlatform().start(() -> {
                await(start);
                for (int i = 0; i < perProducer; ) {
                    if (i % 7 == 0 && i + 3 < perProducer) {
                        q.offerAll(new Runnable[] {new Task(id, i), new Task(id, i + 1)}, new Task(id, i + 2));
                        i += 3;
                    } else {
                        q.offer(new Task(id, i++));
                    }
                }
            }));
        }
        int consumers = 3;
        List<Thread> consumerThreads = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            consumerThreads.add(Thread.ofPlatform().start(() -> {
                await(start);
                RunQueue ring = new RunQueue();
                int[] last = new int[producers];
                java.util.Arrays.fill(last, -1);
                while (count.sum() < (long) producers * perProducer) {
                    Runnable r = q.pollBatch(ring);
                    for (; r != null; r = ring.poll()) {
                        Task t = (Task) r;
                        if (t.seq() <= last[t.producer()]) {
                            failures.add("producer " + t.producer() + ": " + t.seq() + " after " + last[t.producer()]);
                        }
                        last[t.producer()] = t.seq();
                        taken.incrementAndGet(t.producer() * perProducer + t.seq());
                        count.increment();
                    }
                    Thread.onSpinWait();
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        for (Thread t : consumerThreads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals((long) producers * perProducer, count.sum(), "nothing lost");
        for (int i = 0; i < taken.length(); i++) {
            assertEquals(1, taken.get(i), "task " + i + " taken once");
        }
        assertTrue(q.isEmpty());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
