package dev.weft.bench;

import com.softwaremill.jox.Channel;
import dev.weft.chan.Chan;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Memory per task parked in a receive: 100,000 tasks blocked receiving from one channel, heap in
 * use after a full GC compared with before, per task. Each implementation runs in a fresh JVM
 * of the same Java (started with the scheduler's add-opens), so none inherits another's heap.
 * Goroutines and virtual threads are measured once every one of them is parked (its stack
 * saved), not merely started; kotlinx's coroutines once each has reached its receive. Each
 * JVM runs the scenario once as a warm-up, then {@value #ROUNDS} times more, and reports the
 * median: a task parks with whatever frames the JIT had compiled when it started, an
 * interpreted frame takes several times the stack of a compiled one, and the end of a round
 * (the waits released, the tasks returning) takes paths that the round's compiled code had
 * never seen, so the JIT deoptimizes it and the next round's first tasks start interpreted
 * again; single rounds after one warm-up read up to twice the steady figure.
 *
 * <p>Not a JMH benchmark (JMH measures time); run it with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.weft.bench.Footprint}.
 */
public final class Footprint {
    private static final int N = 100_000;
    /** Measured rounds after the warm-up round; the median is reported. */
    private static final int ROUNDS = 5;
    private static final List<String> IMPLS = List.of("weft", "kotlinx-default", "jox-vt", "jdk-sq-vt", "jdk-park-vt", "weft-chan-vt");

    public static void main(String[] args) throws Exception {
        if (args.length == 1) {
            measure(args[0]);                    // warm-up
            long[] rounds = new long[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                rounds[i] = measure(args[0]);
            }
            System.out.println(Math.round(Median.of(Arrays.stream(rounds).asDoubleStream().toArray()))
                    + " " + Arrays.toString(rounds));
            return;
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        System.out.printf("%-16s %s%n", "impl", "bytes per parked task (" + N + " parked in a receive): median of " + ROUNDS + " rounds [the rounds]");
        for (String impl : IMPLS) {
            Process p = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx2g",
                    "-cp", System.getProperty("java.class.path"), Footprint.class.getName(), impl)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            System.out.printf("%-16s %s%n", impl, out);
        }
    }

    private static long measure(String impl) throws Exception {
        AtomicInteger parked = new AtomicInteger();
        long before = usedAfterGc();
        long after;
        switch (impl) {
            case "weft" -> {
                try (Scheduler s = Scheduler.builder().build()) {
                    Chan<Integer> ch = Chan.make();
                    List<Goroutine> gs = new ArrayList<>(N);
                    for (int i = 0; i < N; i++) {
                        gs.add(s.go(() -> {
                            parked.incrementAndGet();
                            ch.recvOrClosed();
                        }));
                    }
                    awaitCount(parked);
                    for (Goroutine g : gs) {             // really parked: its stack saved
                        while (g.state() != Goroutine.State.WAITING) {
                            Thread.onSpinWait();
                        }
                    }
                    after = usedAfterGc();
                    ch.close();
                }
            }
            case "kotlinx-default" -> {
                try (AutoCloseable release = Kotlinx.parkReceivers(N, parked)) {
                    awaitCount(parked);
                    after = usedAfterGc();
                }
            }
            case "jox-vt" -> {
                Channel<Integer> ch = Channel.newRendezvousChannel();
                after = heapWithParkedThreads(() -> {
                    parked.incrementAndGet();
                    try {
                        ch.receiveOrClosed();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, parked, ts -> ch.done());
            }
            case "jdk-sq-vt" -> {
                SynchronousQueue<Integer> q = new SynchronousQueue<>();
                after = heapWithParkedThreads(() -> {
                    parked.incrementAndGet();
                    try {
                        q.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, parked, ts -> ts.forEach(Thread::interrupt));
            }
            case "weft-chan-vt" -> {               // a Weft channel's wait, without the goroutine
                Chan<Integer> ch = Chan.make();
                after = heapWithParkedThreads(() -> {
                    parked.incrementAndGet();
                    ch.recvOrClosed();
                }, parked, ts -> ch.close());
            }
            case "jdk-park-vt" -> {                // the floor: a bare virtual thread, no queue at all
                after = heapWithParkedThreads(() -> {
                    parked.incrementAndGet();
                    while (!Thread.currentThread().isInterrupted()) {
                        LockSupport.park();
                    }
                }, parked, ts -> ts.forEach(Thread::interrupt));
            }
            default -> throw new IllegalArgumentException(impl);
        }
        return (after - before) / N;
    }

    /**
     * Starts {@value #N} virtual threads running {@code body} (which counts itself in
     * {@code parked}, then waits), reads the heap once every one is parked, then ends their waits
     * with {@code release} and joins them. Returns the heap read.
     */
    private static long heapWithParkedThreads(Runnable body, AtomicInteger parked, Consumer<List<Thread>> release)
            throws InterruptedException {
        List<Thread> ts = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            ts.add(Thread.ofVirtual().start(body));
        }
        awaitCount(parked);
        awaitParked(ts);
        long after = usedAfterGc();
        release.accept(ts);
        for (Thread t : ts) {
            t.join();
        }
        return after;
    }

    private static void awaitCount(AtomicInteger parked) {
        while (parked.get() < N) {
            Thread.onSpinWait();
        }
    }

    /** Waits until every thread is parked, its stack saved, not merely started. */
    private static void awaitParked(List<Thread> ts) {
        for (Thread t : ts) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
    }

    /** Heap in use after full collections (repeated until it stops shrinking). */
    private static long usedAfterGc() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = mem.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                break;
            }
            used = now;
        }
        return used;
    }
}
