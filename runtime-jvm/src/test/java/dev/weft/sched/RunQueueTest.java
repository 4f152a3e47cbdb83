package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class RunQueueTest {

    /** A task that knows its number. */
    record Task(int id) implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void ownerSeesRunnextFirstThenFifo() {
        RunQueue q = new RunQueue();
        GlobalQueue overflow = new GlobalQueue();
        Task a = new Task(1), b = new Task(2), c = new Task(3), d = new Task(4);
        q.offer(a, overflow);
        q.offer(b, overflow);
        q.putNext(c, overflow);
        q.putNext(d, overflow);      // kicks c to the tail
        assertEquals(4, q.size());
        assertSame(d, q.poll());
        assertSame(a, q.poll());
        assertSame(b, q.poll());
        assertSame(c, q.poll());
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void aFullRingMovesHalfToTheOverflow() {
        RunQueue q = new RunQueue();
        GlobalQueue overflow = new GlobalQueue();
        for (int i = 0; i < RunQueue.CAPACITY; i++) {
            assertEquals(0, q.offer(new Task(i), overflow));
        }
        assertEquals(RunQueue.CAPACITY / 2 + 1, q.offer(new Task(RunQueue.CAPACITY), overflow));
        assertEquals(RunQueue.CAPACITY / 2, q.size());
        List<Integer> moved = new ArrayList<>();
        for (Runnable r; (r = overflow.poll()) != null; ) {
            moved.add(((Task) r).id());
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < RunQueue.CAPACITY / 2; i++) {
            expected.add(i);
        }
        expected.add(RunQueue.CAPACITY);
        assertEquals(expected, moved, "the oldest half moves, in order, then the new task");
    }

    @Test
    void stealTakesHalfAndNeverRunnext() {
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        GlobalQueue overflow = new GlobalQueue();
        for (int i = 0; i < 10; i++) {
            victim.offer(new Task(i), overflow);
        }
        victim.putNext(new Task(99), overflow);
        assertEquals(4, ((Task) thief.stealInto(victim, 1)).id(), "five stolen, the last returned");
        assertEquals(4, thief.size());
        assertEquals(6, victim.size());
        assertNull(thief.stealInto(victim, 100), "min victim size respected");
        assertSame(99, ((Task) victim.poll()).id());
    }

    /** A submission queue's ring is larger than a worker's: a thief takes no more than it holds. */
    @Test
    void aStealFromALargerRingFillsTheThiefsRingAtMost() {
        RunQueue victim = new RunQueue(RunQueue.SUBMISSION_CAPACITY);
        RunQueue thief = new RunQueue();
        GlobalQueue overflow = new GlobalQueue();
        for (int i = 0; i < RunQueue.SUBMISSION_CAPACITY; i++) {
            assertEquals(0, victim.offer(new Task(i), overflow), "room for " + RunQueue.SUBMISSION_CAPACITY);
        }
        assertTrue(overflow.isEmpty());
        assertEquals(RunQueue.CAPACITY - 1, ((Task) thief.stealInto(victim, 1)).id());
        assertEquals(RunQueue.CAPACITY - 1, thief.size(), "a full ring but the task returned");
        assertEquals(RunQueue.SUBMISSION_CAPACITY - RunQueue.CAPACITY, victim.size());
        assertEquals(RunQueue.CAPACITY, ((Task) victim.poll()).id(), "the victim keeps the rest in order");
    }

    @Test
    void aCapacityMustBeAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunQueue(100));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }

    /** One owner pushing and popping, two thieves stealing: every task is taken exactly once. */
    @Test
    void concurrentStealingLosesAndDuplicatesNothing() throws Exception {
        int total = 2_000_000;
        RunQueue owner = new RunQueue();
        GlobalQueue overflow = new GlobalQueue();
        AtomicIntegerArray taken = new AtomicIntegerArray(total);
        LongAdder count = new LongAdder();
        AtomicBoolean producing = new AtomicBoolean(true);
        List<Thread> thieves = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            thieves.add(Thread.ofPlatform().start(() -> {
                RunQueue mine = new RunQueue();
                while (producing.get() || !owner.isEmpty()) {
                    Runnable r = mine.stealInto(owner, 1);
                    for (; r != null; r = mine.poll()) {
                        take(taken, count, r);
                    }
                    Runnable o = overflow.poll();
                    if (o != null) {
                        take(taken, count, o);
                    }
                }
            }));
        }
        for (int i = 0; i < total; i++) {
            owner.offer(new Task(i), overflow);
            if ((i & 3) == 0) {
                Runnable r = owner.poll();
                if (r != null) {
                    take(taken, count, r);
                }
            }
        }
        for (Runnable r; (r = owner.poll()) != null; ) {
            take(taken, count, r);
        }
        producing.set(false);
        for (Thread t : thieves) {
            t.join();
        }
        for (Runnable r; (r = overflow.poll()) != null; ) {
            take(taken, count, r);
        }
        assertEquals(total, count.sum(), "nothing lost");
        for (int i = 0; i < total; i++) {
            assertEquals(1, taken.get(i), "task " + i + " taken once");
        }
    }

    private static void take(AtomicIntegerArray taken, LongAdder count, Runnable r) {
        taken.incrementAndGet(((Task) r).id());
        count.increment();
    }
}
