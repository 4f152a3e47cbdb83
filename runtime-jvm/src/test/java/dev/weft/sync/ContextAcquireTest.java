package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Waits;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The context forms of the sync acquires: a cancelled or expired context ends the wait with a
 * {@link ContextException}, nothing is acquired, other interrupts neither end the wait nor get
 * lost, and a binding never leaves an interrupt behind.
 */
class ContextAcquireTest {
    private Scheduler s;

    @BeforeEach
    void start() {
        s = Scheduler.builder().name("ctx-acquire").build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** Runs {@code waitUnder} in a goroutine, cancels once it is parked, returns what it threw. */
    private Throwable cancelWhileWaiting(Consumer<Context> waitUnder) throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Goroutine g = s.go(() -> {
            try {
                waitUnder.accept(ctx);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
            if (Thread.currentThread().isInterrupted()) {
                outcome.obtrudeValue(new AssertionError("the binding left an interrupt behind"));
            }
        });
        awaitParked(g);
        ctx.cancel();
        assertTrue(g.join(Duration.ofSeconds(30)));
        return outcome.get();
    }

    /** Waits for the event "g is parked", which is what the test needs before it cancels. */
    private static void awaitParked(Goroutine g) {
        while (g.state() != Goroutine.State.WAITING) {
            assertFalse(g.isDone(), "the goroutine ended instead of waiting");
            Thread.onSpinWait();
        }
    }

    @Test
    void mutexLockUnderACancelledContextThrowsAndLeavesTheMutexAsItWas() throws Exception {
        Mutex mu = new Mutex();
        mu.lock();
        Throwable t = cancelWhileWaiting(mu::lock);
        assertTrue(t instanceof ContextException ce && !ce.isDeadlineExceeded(), String.valueOf(t));
        assertTrue(mu.isLocked());
        mu.unlock();                                       // still ours: the waiter took nothing
        mu.lock(Context.background());
        mu.unlock();
    }

    @Test
    void mutexLockUnderATimeoutReportsDeadlineExceeded() {
        Mutex mu = new Mutex();
        mu.lock();
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
            ContextException e = assertThrows(ContextException.class, () -> mu.lock(ctx));
            assertTrue(e.isDeadlineExceeded());
        }
        mu.unlock();
        assertFalse(mu.isLocked());
    }

    @Test
    void anEndedContextFailsAtOnceEvenWhenFree() {
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        Mutex mu = new Mutex();
        assertThrows(ContextException.class, () -> mu.lock(ctx));
        assertFalse(mu.isLocked());
        Semaphore sem = new Semaphore(1);
        assertThrows(ContextException.class, () -> sem.acquire(ctx, 1));
        assertEquals(1, sem.available());
        assertThrows(ContextException.class, () -> new WaitGroup().await(ctx));
    }

    @Test
    void semaphoreAcquireUnderACancelledContextAcquiresNothing() throws Exception {
        Semaphore sem = new Semaphore(3);
        sem.acquire(2);
        Throwable t = cancelWhileWaiting(ctx -> sem.acquire(ctx, 2));
        assertTrue(t instanceof ContextException, String.valueOf(t));
        assertEquals(1, sem.available());
        sem.release(2);
        sem.acquire(Context.background(), 3);
        assertEquals(0, sem.available());
        assertThrows(IllegalArgumentException.class, () -> sem.acquire(Context.background(), 4));
    }

    @Test
    void waitGroupAwaitReturnsAtZeroOrThrowsWhenTheContextEnds() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Throwable t = cancelWhileWaiting(wg::await);
        assertTrue(t instanceof ContextException, String.valueOf(t));
        assertEquals(1, wg.count());
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(30))) {
            s.go(wg::done);
            wg.await(ctx);                                  // returns at zero, well before the deadline
            assertEquals(0, wg.count());
        }
    }

    @Test
    void rwMutexBothModesUnderACancelledContext() throws Exception {
        RWMutex rw = new RWMutex();
        rw.lock();
        assertTrue(cancelWhileWaiting(rw::rlock) instanceof ContextException);
        assertTrue(cancelWhileWaiting(rw::lock) instanceof ContextException);
        assertTrue(rw.isWriteLocked());
        assertEquals(0, rw.readers());
        rw.unlock();
        rw.rlock(Context.background());
        assertEquals(1, rw.readers());
        rw.runlock();
    }

    @Test
    void condAwaitUnderACancelledContextThrowsWithTheMutexHeld() throws Exception {
        Mutex mu = new Mutex();
        Cond cond = mu.newCond();
        AtomicInteger lockedAfter = new AtomicInteger();
        Throwable t = cancelWhileWaiting(ctx -> {
            mu.lock();
            try {
                cond.await(ctx);
            } finally {
                lockedAfter.set(mu.isLocked() ? 1 : 2);
                mu.unlock();
            }
        });
        assertTrue(t instanceof ContextException, String.valueOf(t));
        assertEquals(1, lockedAfter.get(), "the mutex was locked again before the exception");
        assertFalse(mu.isLocked());
    }

    @Test
    void contendedLocksUnderRandomDeadlinesKeepTheCountAndLeakNothing() throws Exception {
        Mutex mu = new Mutex();
        Semaphore sem = new Semaphore(2);
        long[] counter = {0};
        AtomicInteger locked = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger leakedInterrupts = new AtomicInteger();
        List<Goroutine> gs = new ArrayList<>();
        for (int g = 0; g < 16; g++) {
            gs.add(s.go(() -> {
                for (int i = 0; i < 2_000; i++) {
                    long micros = ThreadLocalRandom.current().nextLong(1, 200);
                    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofNanos(micros * 1000))) {
                        sem.acquire(ctx, 1);
                        try {
                            mu.lock(ctx);
                            try {
                                counter[0]++;
                                locked.incrementAndGet();
                            } finally {
                                mu.unlock();
                            }
                        } finally {
                            sem.release(1);
                        }
                    } catch (ContextException e) {
                        timedOut.incrementAndGet();
                    }
                    if (Thread.interrupted()) {
                        leakedInterrupts.incrementAndGet();
                    }
                }
            }));
        }
        for (Goroutine g : gs) {
            assertTrue(g.join(Duration.ofSeconds(60)));
        }
        assertEquals(16 * 2_000, locked.get() + timedOut.get(), "every attempt either locked or timed out");
        mu.lock();
        try {
            assertEquals(locked.get(), counter[0], "the count matches the acquisitions");
        } finally {
            mu.unlock();
        }
        assertEquals(0, leakedInterrupts.get());
        assertEquals(2, sem.available(), "every unit came back");
        assertFalse(mu.isLocked());
    }
}
