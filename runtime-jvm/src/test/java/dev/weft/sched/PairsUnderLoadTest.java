package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.chan.Chan;
import dev.weft.chan.Received;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.sync.Mutex;
import dev.weft.sync.Semaphore;
import dev.weft.sync.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hundred pairs of goroutines hand a worker back and forth through one blocking primitive
 * each, for a while, on 1 and on 2 workers. Two properties are checked on every run:
 * <ul>
 *   <li><b>No lost wake-up.</b> A timed wait that completes (its value arrived, its lock was
 *       taken) after waiting its whole timeout was not woken by the goroutine that completed it,
 *       only by its timer: the wake-up was lost. None may.</li>
 *   <li><b>No starvation.</b> Every pair progresses, and with the short time slice (many
 *       turns per pair in a run) the least active pair makes at least 1/20 of the median pair's
 *       progress: a pair that hands the worker back and forth through {@code runnext} must not
 *       keep the queued pairs from running. With the default slice each pair has only a few
 *       turns in a run (a hundred pairs, 10 ms each, on two workers: about five), too few for
 *       counts to compare, so there the bound is on the longest wait instead: at most two
 *       rounds of every pair's slice. While the worker count
 *       stays as configured, the most active pair also makes at most 20 times the median's.
 *       When the monitor adds a compensating worker (a worker's thread was given no core for a
 *       while, as happens on a loaded host), the few pairs that move to it run on a worker of
 *       their own, and may fairly outrun the rest by more.</li>
 * </ul>
 * The timeout (3 s) is far above the longest a runnable goroutine waits here (a hundred pairs,
 * one time slice each, on one worker: about 1.2 s).
 */
class PairsUnderLoadTest {
    private static final int PAIRS = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final long TIMEOUT_NANOS = TIMEOUT.toNanos();
    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(2_500);
    /** Receives the main workload must reach on each worker count, within its longer run. */
    private static final long MAIN_RECEIVES = 1_000_000;
    private static final Duration DEFAULT_SLICE = Settings.DEFAULT_TIME_SLICE;
    private static final Duration SHORT_SLICE = Duration.ofMillis(2);
    private static final long MAIN_RUN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(8);

    /** What the pairs of one run did; each pair's slot is written by one goroutine only. */
    static final class Tally {
        final long[] done = new long[PAIRS];
        final long[] lost = new long[PAIRS];
        final long[] worstNanos = new long[PAIRS];
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stop = new AtomicBoolean();
        /** Counted down when a goroutine fails: the run ends early. */
        final CountDownLatch failed = new CountDownLatch(1);
        /** Counted down once the pairs have made {@code minReceives} in all. */
        final CountDownLatch enough = new CountDownLatch(1);
        private final long minReceives;

        Tally(long minReceives) {
            this.minReceives = minReceives;
        }

        /** A wait of pair {@code p} that completed after {@code waited} ns. */
        void completed(int p, long waited) {
            done[p]++;
            worstNanos[p] = Math.max(worstNanos[p], waited);
            if (waited >= TIMEOUT_NANOS) {
                lost[p]++;
            }
            if ((done[p] & 4095) == 0 && total() >= minReceives) {
                enough.countDown();              // a racy sum: enough for a stop condition
            }
        }

        long total() {
            return Arrays.stream(done).sum();
        }
    }

    /** One kind of pair: starts its two goroutines on {@code s}. */
    interface Workload {
        void start(Scheduler s, int pair, Tally t, List<Goroutine> out);
    }

    /** Runs {@code body}, recording what it throws as a failure of the run. */
    private static Body reporting(Tally t, Body body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable e) {
                t.failures.add(e);
                t.stop.set(true);
                t.failed.countDown();
            }
        };
    }

    // ------------------------------------------------------------------ the workloads

    /** How a receiver waits for a value: what it received, or {@code null} if it gave up. */
    interface Receive {
        Received<Long> from(Chan<Long> ch);
    }

    /** A select on one receive case, waiting as {@code select} says (-1: gave up). */
    static Receive selecting(ToIntFunction<SelectCase<Long>> select) {
        return ch -> {
            SelectCase<Long> c = SelectCase.recv(ch);
            return select.applyAsInt(c) < 0 ? null : c.received();
        };
    }

    static final Receive PLAIN = selecting(Select::select);
    static final Receive TIMED = selecting(c -> Select.select(TIMEOUT, c));
    static final Receive CONTEXT_DEADLINE = selecting(c -> {
        try (CancelContext ctx = Context.withTimeout(Context.background(), TIMEOUT)) {
            return ctx.get(() -> Select.select(c));
        } catch (ContextException e) {
            return -1;
        }
    });
    static final Receive RECV_TIMED = ch -> {
        Received<Long> r = ch.recv(TIMEOUT);
        return r.isNotReady() ? null : r;
    };

    /**
     * The sender sends its clock on a buffered channel, then waits for an ack; the receiver
     * receives as {@code receive} says, and acks.
     */
    static Workload receiving(Receive receive) {
        return (s, p, t, out) -> {
            Chan<Long> ch = Chan.make(16);
            Chan<Integer> ack = Chan.make();
            out.add(s.go("sender-" + p, reporting(t, () -> {
                while (!t.stop.get()) {
                    ch.send(System.nanoTime());
                    ack.recv();
                }
                ch.close();
            })));
            out.add(s.go("receiver-" + p, reporting(t, () -> {
                for (;;) {
                    long t0 = System.nanoTime();
                    Received<Long> r = receive.from(ch);
                    long waited = System.nanoTime() - t0;
                    if (r == null) {
                        continue;                  // gave up: nothing arrived (no progress)
                    }
                    if (r.isClosed()) {
                        return;
                    }
                    t.completed(p, waited);
                    ack.send(1);
                }
            })));
        };
    }

    /** A sender waits in {@code send(v, Duration)} on a rendezvous channel until its receiver takes it. */
    static Workload sendWithTimeout() {
        return (s, p, t, out) -> {
            Chan<Long> ch = Chan.make();
            out.add(s.go("sender-" + p, reporting(t, () -> {
                while (!t.stop.get()) {
                    long t0 = System.nanoTime();
                    boolean sent = ch.send(t0, TIMEOUT);
                    if (sent) {
                        t.completed(p, System.nanoTime() - t0);
                    }
                }
                ch.close();
            })));
            out.add(s.go("receiver-" + p, reporting(t, () -> {
                for (Long ignored : ch) {
                    // taking the value completes the sender's wait
                }
            })));
        };
    }

    /**
     * A holder takes the lock, readies the waiter, yields (so the waiter finds it held and
     * parks), then releases it, which must wake the waiter; the waiter's acquire is bounded by a
     * context with a deadline. {@code acquire}/{@code release} are the primitive's.
     */
    static Workload lockHandoff(Supplier<Object> make, LockOps ops) {
        return (s, p, t, out) -> {
            Object lock = make.get();
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            out.add(s.go("holder-" + p, reporting(t, () -> {
                while (!t.stop.get()) {
                    ops.hold(lock);
                    ping.send(1);
                    Goroutine.yield();
                    ops.release(lock);
                    pong.recv();
                }
                ping.close();
            })));
            out.add(s.go("waiter-" + p, reporting(t, () -> {
                while (ping.recvOrClosed().isOk()) {
                    long t0 = System.nanoTime();
                    try (CancelContext ctx = Context.withTimeout(Context.background(), TIMEOUT)) {
                        ops.acquire(lock, ctx);
                    }
                    t.completed(p, System.nanoTime() - t0);
                    ops.release(lock);
                    pong.send(1);
                }
            })));
        };
    }

    interface LockOps {
        void hold(Object lock);

        void acquire(Object lock, Context ctx);

        void release(Object lock);
    }

    static final LockOps MUTEX = new LockOps() {
        @Override public void hold(Object lock) { ((Mutex) lock).lock(); }
        @Override public void acquire(Object lock, Context ctx) { ((Mutex) lock).lock(ctx); }
        @Override public void release(Object lock) { ((Mutex) lock).unlock(); }
    };

    static final LockOps SEMAPHORE = new LockOps() {
        @Override public void hold(Object lock) { ((Semaphore) lock).acquire(Context.background(), 2); }
        @Override public void acquire(Object lock, Context ctx) { ((Semaphore) lock).acquire(ctx, 2); }
        @Override public void release(Object lock) { ((Semaphore) lock).release(2); }
    };

    /** The waiter hands its partner a fresh WaitGroup and waits in {@code await(Duration)} for its {@code done}. */
    static Workload waitGroupWithTimeout() {
        return (s, p, t, out) -> {
            Chan<WaitGroup> handoff = Chan.make();
            out.add(s.go("waiter-" + p, reporting(t, () -> {
                while (!t.stop.get()) {
                    WaitGroup wg = new WaitGroup();
                    wg.add(1);
                    handoff.send(wg);
                    long t0 = System.nanoTime();
                    boolean done;
                    done = wg.await(TIMEOUT);
                    if (done) {
                        t.completed(p, System.nanoTime() - t0);
                    } else {
                        throw new AssertionError("the partner never called done");
                    }
                }
                handoff.close();
            })));
            out.add(s.go("doner-" + p, reporting(t, () -> {
                for (WaitGroup wg : handoff) {
                    Goroutine.yield();             // let the waiter reach its await
                    wg.done();
                }
            })));
        };
    }

    /**
     * The workloads, on 1 and 2 workers. The main one (a select with a timeout) runs with the
     * default time slice until it has made a million receives; all run with a short slice
     * (2 ms), which gives each pair more slices in a short run, so that its share is measured
     * over many of them.
     */
    static List<Arguments> workloads() {
        List<Arguments> out = new ArrayList<>();
        for (int workers : new int[] {1, 2}) {
            out.add(Arguments.of("Select.select(Duration)", workers, DEFAULT_SLICE, receiving(TIMED), MAIN_RECEIVES));
            out.add(Arguments.of("Select.select(Duration)", workers, SHORT_SLICE, receiving(TIMED), 0L));
            out.add(Arguments.of("Select.select (no timeout)", workers, SHORT_SLICE, receiving(PLAIN), 0L));
            out.add(Arguments.of("recv(Duration)", workers, SHORT_SLICE, receiving(RECV_TIMED), 0L));
            out.add(Arguments.of("send(v, Duration)", workers, SHORT_SLICE, sendWithTimeout(), 0L));
            out.add(Arguments.of("Select.select(ctx)", workers, SHORT_SLICE, receiving(CONTEXT_DEADLINE), 0L));
            out.add(Arguments.of("Mutex.lock(ctx)", workers, SHORT_SLICE, lockHandoff(Mutex::new, MUTEX), 0L));
            out.add(Arguments.of("Semaphore.acquire(ctx, n)", workers, SHORT_SLICE,
                    lockHandoff(() -> new Semaphore(3), SEMAPHORE), 0L));
            out.add(Arguments.of("WaitGroup.await(Duration)", workers, SHORT_SLICE, waitGroupWithTimeout(), 0L));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} on {1} worker(s), time slice {2}")
    @MethodSource("workloads")
    void everyPairProgressesAndNoWakeUpIsLost(String what, int workers, Duration slice, Workload workload,
            long minReceives) throws Exception {
        Tally t = new Tally(minReceives);
        try (Scheduler s = Scheduler.builder().name("pairs").workers(workers).timeSlice(slice).build()) {
            List<Goroutine> all = new ArrayList<>();
            for (int p = 0; p < PAIRS; p++) {
                workload.start(s, p, t, all);
            }
            // The run lasts RUN_NANOS, or ends as soon as a goroutine fails; one with a receive
            // target then goes on until the pairs have made it, at most until the limit.
            boolean failedEarly = t.failed.await(RUN_NANOS, TimeUnit.NANOSECONDS);
            if (!failedEarly && minReceives > 0) {
                t.enough.await(MAIN_RUN_LIMIT_NANOS - RUN_NANOS, TimeUnit.NANOSECONDS);
            }
            t.stop.set(true);
            for (Goroutine g : all) {
                if (!g.join(Duration.ofSeconds(30))) {
                    fail("goroutine " + g.name() + " did not end after the run; dump:\n" + s.dump());
                }
            }
            long[] sorted = t.done.clone();
            Arrays.sort(sorted);
            long median = sorted[PAIRS / 2];
            long lost = Arrays.stream(t.lost).sum();
            long worst = Arrays.stream(t.worstNanos).max().orElse(0);
            System.out.printf("%s on %d worker(s), slice %s: %,d waits completed, least/median/most per pair %,d/%,d/%,d,"
                            + " worst wait %.1f ms, %d lost wake-ups; %s%n",
                    what, workers, slice, t.total(), sorted[0], median, sorted[PAIRS - 1], worst / 1e6, lost, s.stats());
            if (!t.failures.isEmpty()) {
                AssertionError e = new AssertionError(t.failures.size() + " goroutine(s) failed");
                t.failures.forEach(e::addSuppressed);
                throw e;
            }
            assertEquals(0, lost, "waits woken by their timeout although completed (lost wake-ups)");
            assertTrue(sorted[0] > 0, "every pair progressed: " + Arrays.toString(t.done));
            if (slice.compareTo(SHORT_SLICE) <= 0) {
                assertTrue(sorted[0] * 20 >= median,
                        "the least active pair made " + sorted[0] + " of the median's " + median + ": "
                                + Arrays.toString(t.done));
            } else {
                long bound = 2 * PAIRS * slice.toNanos();
                assertTrue(worst <= bound, "a wait of " + worst / 1e6 + " ms, above the " + bound / 1e6
                        + " ms of two rounds of every pair's time slice");
            }
            if (s.stats().compensations() == 0) {
                assertTrue(sorted[PAIRS - 1] <= 20 * median,
                        "the most active pair made " + sorted[PAIRS - 1] + ", over 20 times the median's " + median
                                + ": " + Arrays.toString(t.done));
            }
            assertTrue(t.total() >= minReceives, "at least " + minReceives + " receives: " + t.total());
        }
    }
}
