package dev.weft.bench;

import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sched.SchedulerStats;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Weft's scheduler against the JDK's default virtual-thread scheduler, in one run.
 * Each benchmark reports nanoseconds per operation (one spawn-and-join, one round trip, one
 * yield); {@code impl=jdk} starts plain virtual threads, {@code impl=weft} goroutines on a
 * Weft scheduler with the same number of carriers (the available processors).
 *
 * <p>Every fork gets a fixed, pre-touched heap ({@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}), the
 * same for both sides. On the machine these figures come from (a 2-vCPU Firecracker VM) the
 * first touch of a page costs about 13 µs of kernel time: pre-touching 2 GB takes 7 s of system
 * time. A default heap grows for seconds into a run, and a spawner that allocates a few hundred
 * bytes per goroutine then spends a fifth of its samples in page faults. Those stalls, not the
 * schedulers, decided which forks came out slow: in eight alternating pairs of spawn-and-join
 * forks with the default heap, two Weft forks read 286 and 581 ns against 184–223 for the other
 * six; with this heap, all eight read 197–225 ns. In those slow spells a platform thread spawning
 * goroutines stalls in the kernel, Weft's workers run dry, park and are woken 15–40 times per
 * 1,000 goroutines instead of once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class SchedulerBench {
    static final int BATCH = 1_000;
    static final int ROUNDS = 10_000;

    @Param({"weft", "jdk"})
    public String impl;

    private Scheduler scheduler;

    @Setup(Level.Trial)
    public void setUp() {
        if (impl.equals("weft")) {
            scheduler = Scheduler.builder().name("bench").build();
            if (scheduler.kind() != SchedulerStats.Kind.WEFT) {
                throw new IllegalStateException("the JMH fork was not opened for Weft's scheduler");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    /** Spawn 1,000 goroutines from a platform thread, then join them all: cost per goroutine. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawnAndJoin() throws InterruptedException {
        spawnAndJoinBatch();
    }

    /** The same from inside a goroutine (a virtual thread for the JDK), as Go programs spawn. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawnAndJoinFromGoroutine() throws InterruptedException {
        Runnable batch = () -> {
            try {
                spawnAndJoinBatch();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        if (scheduler != null) {
            scheduler.go(batch::run).join();
        } else {
            Thread.ofVirtual().start(batch).join();
        }
    }

    private void spawnAndJoinBatch() throws InterruptedException {
        if (scheduler != null) {
            Goroutine[] gs = new Goroutine[BATCH];
            for (int i = 0; i < BATCH; i++) {
                gs[i] = scheduler.go(Noop.INSTANCE);
            }
            for (Goroutine g : gs) {
                g.join();
            }
        } else {
            Thread[] ts = new Thread[BATCH];
            for (int i = 0; i < BATCH; i++) {
                ts[i] = Thread.ofVirtual().start(Noop.INSTANCE);
            }
            for (Thread t : ts) {
                t.join();
            }
        }
    }

    /** Two goroutines hand a turn back and forth with park/unpark: cost per round trip. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void handoffPingPong() throws InterruptedException {
        PingPong game = new PingPong(ROUNDS);
        runAll(game::ping, game::pong);
    }

    /** Two goroutines yield in turn on the same scheduler: cost per yield. */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void yield() throws InterruptedException {
        Runnable yielder = () -> {
            for (int i = 0; i < ROUNDS; i++) {
                Thread.yield();
            }
        };
        runAll(yielder, yielder);
    }

    private void runAll(Runnable a, Runnable b) throws InterruptedException {
        if (scheduler != null) {
            Goroutine ga = scheduler.go(a::run);
            Goroutine gb = scheduler.go(b::run);
            ga.join();
            gb.join();
        } else {
            Thread ta = Thread.ofVirtual().start(a);
            Thread tb = Thread.ofVirtual().start(b);
            ta.join();
            tb.join();
        }
    }

    enum Noop implements Runnable, dev.weft.sched.Body {
        INSTANCE;

        @Override
        public void run() {}
    }

    /** A turn passed between two threads through park/unpark; each side parks until it holds it. */
    static final class PingPong {
        private final int rounds;
        private final CountDownLatch ready = new CountDownLatch(2);
        private volatile Thread pinger;
        private volatile Thread ponger;
        private volatile int turn;            // 0: ping's turn, 1: pong's

        PingPong(int rounds) {
            this.rounds = rounds;
        }

        void ping() {
            pinger = Thread.currentThread();
            meet();
            for (int i = 0; i < rounds; i++) {
                while (turn != 0) {
                    LockSupport.park();
                }
                turn = 1;
                LockSupport.unpark(ponger);
            }
        }

        void pong() {
            ponger = Thread.currentThread();
            meet();
            for (int i = 0; i < rounds; i++) {
                while (turn != 1) {
                    LockSupport.park();
                }
                turn = 0;
                LockSupport.unpark(pinger);
            }
        }

        private void meet() {
            ready.countDown();
            try {
                ready.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
