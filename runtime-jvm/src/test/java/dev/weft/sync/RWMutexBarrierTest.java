package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RWMutexBarrierTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    private Scheduler s;

    @BeforeEach
    void start() {
        s = Scheduler.builder().name("rw").uncaughtExceptionHandler(failures).build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void readersShareWritersExclude() throws Exception {
        RWMutex rw = new RWMutex();
        AtomicInteger readers = new AtomicInteger();
        AtomicInteger writers = new AtomicInteger();
        AtomicInteger maxReaders = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        long[] value = new long[1];
        List<Goroutine> gs = new ArrayList<>();
        for (int g = 0; g < 8; g++) {
            boolean writer = g % 4 == 0;
            gs.add(s.go(() -> {
                for (int i = 0; i < 20_000; i++) {
                    if (writer) {
                        rw.lock();
                        if (writers.incrementAndGet() != 1 || readers.get() != 0) {
                            violations.incrementAndGet();
                        }
                        value[0]++;
                        writers.decrementAndGet();
                        rw.unlock();
                    } else {
                        rw.rlock();
                        maxReaders.accumulateAndGet(readers.incrementAndGet(), Math::max);
                        if (writers.get() != 0) {
                            violations.incrementAndGet();
                        }
                        Goroutine.yield();        // overlap with other readers
                        readers.decrementAndGet();
                        rw.runlock();
                    }
                }
            }));
        }
        for (Goroutine g : gs) {
            g.join();
        }
        assertEquals(0, violations.get());
        assertEquals(2 * 20_000, value[0], "no lost write");
        assertTrue(maxReaders.get() > 1, "readers overlapped: " + maxReaders.get());
    }

    @Test
    void aWaitingWriterHoldsBackNewReaders() throws Exception {
        RWMutex rw = new RWMutex();
        rw.rlock();
        Goroutine writer = s.go(rw::lock);
        Waits.whileTrue("writer.state() != Goroutine.State.WAITING", () -> writer.state() != Goroutine.State.WAITING);
        assertFalse(rw.tryRLock(), "a new reader must not overtake the waiting writer");
        AtomicBoolean readerGotIn = new AtomicBoolean();
        Goroutine reader = s.go(() -> {
            rw.rlock();
            readerGotIn.set(true);
            rw.runlock();
        });
        Waits.whileTrue("reader.state() != Goroutine.State.WAITING", () -> reader.state() != Goroutine.State.WAITING);
        assertFalse(readerGotIn.get());
        rw.runlock();
        writer.join();
        assertTrue(rw.isWriteLocked());
        assertFalse(readerGotIn.get(), "still behind the writer");
        rw.unlock();
        reader.join();
        assertTrue(readerGotIn.get());
    }

    @Test
    void rwMutexMisuseIsAClearError() {
        RWMutex rw = new RWMutex();
        assertEquals("unlock of unlocked RWMutex", assertThrows(IllegalStateException.class, rw::unlock).getMessage());
        assertEquals("runlock of unlocked RWMutex", assertThrows(IllegalStateException.class, rw::runlock).getMessage());
        assertTrue(rw.tryLock());
        assertFalse(rw.tryRLock());
        assertThrows(IllegalStateException.class, rw::runlock);
        rw.unlock();
    }

    @Test
    void barrierGenerationsKeepPartiesInStep() throws Exception {
        int parties = 8;
        int rounds = 200;
        Barrier b = new Barrier(parties);
        AtomicIntegerArray arrived = new AtomicIntegerArray(rounds);
        AtomicInteger outOfStep = new AtomicInteger();
        AtomicInteger lastArrivals = new AtomicInteger();
        List<Goroutine> gs = new ArrayList<>();
        for (int p = 0; p < parties; p++) {
            gs.add(s.go(() -> {
                for (int r = 0; r < rounds; r++) {
                    arrived.incrementAndGet(r);
                    int index;
                    index = b.await();
                    if (index == 0) {
                        lastArrivals.incrementAndGet();
                    }
                    if (arrived.get(r) != parties) {
                        outOfStep.incrementAndGet();   // someone left before all arrived
                    }
                }
            }));
        }
        for (Goroutine g : gs) {
            g.join();
        }
        assertEquals(0, outOfStep.get());
        assertEquals(rounds, b.generation());
        assertEquals(rounds, lastArrivals.get(), "exactly one last arrival per generation");
    }

    @Test
    void aTimedOutPartyBreaksTheBarrier() throws Exception {
        Barrier b = new Barrier(2);
        assertEquals(-1, b.await(Duration.ofMillis(10)));
        assertTrue(b.isBroken());
        assertThrows(IllegalStateException.class, b::await);
        b.reset();
        assertFalse(b.isBroken());
        CountDownLatch both = new CountDownLatch(1);
        Goroutine other = s.go(() -> {
            b.await();
            both.countDown();
        });
        b.await();
        both.await();
        other.join();
        assertEquals(1, b.generation());
        assertEquals("barrier parties must be at least 1, but is 0",
                assertThrows(IllegalArgumentException.class, () -> new Barrier(0)).getMessage());
    }
}
