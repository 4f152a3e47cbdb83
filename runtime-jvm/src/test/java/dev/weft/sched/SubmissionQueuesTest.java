package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SubmissionQueuesTest {

    /**
     * The single-producer rule: however many platform threads submit at once, no two live
     * threads ever get the same queue; a thread keeps its queue; the rest fall back (null).
     */
    @Test
    void noTwoLiveThreadsShareAQueue() throws Exception {
        SubmissionQueues queues = new SubmissionQueues(2);
        int threads = 40;
        CountDownLatch claimed = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        List<AtomicReference<RunQueue>> got = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            AtomicReference<RunQueue> mine = new AtomicReference<>();
            got.add(mine);
            started.add(Thread.ofPlatform().start(() -> {
                RunQueue q = queues.queueOf(Thread.currentThread());
                mine.set(q);
                if (queues.queueOf(Thread.currentThread()) != q) {
                    failures.add("a thread's queue changed while it lived");
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
        IdentityHashMap<RunQueue, Boolean> owned = new IdentityHashMap<>();
        int withQueue = 0;
        for (AtomicReference<RunQueue> r : got) {
            if (r.get() != null) {
                withQueue++;
                assertNull(owned.put(r.get(), Boolean.TRUE), "two live threads share a queue");
            }
        }
        assertTrue(withQueue > 0 && withQueue < threads, withQueue + " of " + threads + " threads got a queue");
        release.countDown();
        for (Thread t : started) {
            t.join();
        }
        assertEquals(List.of(), failures);

        // Every owner has ended and every queue is empty: a new thread takes over its entry.
        AtomicReference<RunQueue> late = new AtomicReference<>();
        Thread.ofPlatform().start(() -> late.set(queues.queueOf(Thread.currentThread()))).join();
        assertNotNull(late.get(), "an ended owner's empty queue is taken over");
    }

    @Test
    void virtualThreadsUseTheGlobalQueue() throws Exception {
        SubmissionQueues queues = new SubmissionQueues(2);
        AtomicReference<RunQueue> got = new AtomicReference<>(new RunQueue());
        Thread.ofVirtual().start(() -> got.set(queues.queueOf(Thread.currentThread()))).join();
        assertNull(got.get());
        RunQueue mine = queues.queueOf(Thread.currentThread());
        assertNotNull(mine, "a platform thread alone gets a queue");
        assertSame(mine, queues.queueOf(Thread.currentThread()));
    }

    @Test
    void workersTakeHalfOrOneAndSeeWhatIsQueued() {
        SubmissionQueues queues = new SubmissionQueues(2);
        RunQueue mine = queues.queueOf(Thread.currentThread());
        GlobalQueue spill = new GlobalQueue();
        for (int i = 0; i < 10; i++) {
            mine.offer(new RunQueueTest.Task(i), spill);
        }
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
