package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SubmissionQueuesTest {

    /**
     * The single-producer rule: however many platform threads submit at once, no two live
     * threads ever get the same entry; a thread keeps its entry; the rest fall back (-1).
     */
    @Test
    void noTwoLiveThreadsShareAQueue() throws Exception {
        SubmissionQueues queues = new SubmissionQueues(2);
        int threads = 40;
        CountDownLatch claimed = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        List<AtomicInteger> got = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            AtomicInteger mine = new AtomicInteger();
            got.add(mine);
            started.add(Thread.ofPlatform().start(() -> {
                int entry = queues.entryOf(Thread.currentThread());
                mine.set(entry);
                if (queues.entryOf(Thread.currentThread()) != entry) {
                    failures.add("a thread's entry changed while it lived");
                }
                claimed.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        claimed.await();
        Set<Integer> owned = new HashSet<>();
        int withQueue = 0;
        for (AtomicInteger e : got) {
            if (e.get() >= 0) {
                withQueue++;
                assertTrue(owned.add(e.get()), "two live threads share entry " + e.get());
            }
        }
        assertTrue(withQueue > 0 && withQueue < threads, withQueue + " of " + threads + " threads got a queue");
        release.countDown();
        for (Thread t : started) {
            t.join();
        }
        assertEquals(List.of(), failures);

        // Every owner has ended and every queue is empty: a new thread takes over its entry.
        AtomicInteger late = new AtomicInteger(-1);
        Thread.ofPlatform().start(() -> late.set(queues.entryOf(Thread.currentThread()))).join();
        assertTrue(late.get() >= 0, "an ended owner's empty queue is taken over");
    }

    @Test
    void virtualThreadsUseTheGlobalQueue() throws Exception {
        SubmissionQueues queues = new SubmissionQueues(2);
        AtomicInteger got = new AtomicInteger();
        AtomicBoolean queued = new AtomicBoolean(true);
        Thread.ofVirtual().start(() -> {
            got.set(queues.entryOf(Thread.currentThread()));
            queued.set(queues.offer(Thread.currentThread(), new RunQueueTest.Task(0), new GlobalQueue()));
        }).join();
        assertEquals(-1, got.get());
        assertFalse(queued.get(), "a virtual thread's task is left to the global queue");
        assertEquals(0, queues.submittedTotal());
        int mine = queues.entryOf(Thread.currentThread());
        assertTrue(mine >= 0, "a platform thread alone gets a queue");
        assertEquals(mine, queues.entryOf(Thread.currentThread()));
    }

    @Test
    void workersTakeHalfOrOneAndSeeWhatIsQueued() {
        SubmissionQueues queues = new SubmissionQueues(2);
        GlobalQueue spill = new GlobalQueue();
        for (int i = 0; i < 10; i++) {
            assertTrue(queues.offer(Thread.currentThread(), new RunQueueTest.Task(i), spill));
        }
        assertEquals(10, queues.submittedTotal());
        assertTrue(spill.isEmpty());
        assertTrue(queues.hasWork());
        RunQueue worker = new RunQueue();
        assertEquals(4, ((RunQueueTest.Task) queues.stealInto(worker)).id(), "five moved, the last returned");
        assertEquals(4, worker.size());
        assertEquals(5, ((RunQueueTest.Task) queues.pollOne()).id(), "the oldest left");
        for (int i = 6; i < 10; i++) {
            assertEquals(i, ((RunQueueTest.Task) queues.pollOne()).id());
        }
        assertNull(queues.pollOne());
        assertNull(queues.stealInto(worker));
        assertTrue(!queues.hasWork());
    }
}
