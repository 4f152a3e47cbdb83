package dev.weft.bench;

import dev.weft.lockfree.WorkStealingDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A steal-heavy work-stealing workload, nanoseconds per element: one owner thread pushes
 * {@value #ELEMENTS} elements and pops one of every four it pushes (newest first), then pops what
 * is left, while one or two thieves steal the rest (oldest first); the threads share nothing
 * but the deque until the end. Weft's {@code WorkStealingDeque} (1,024 slots; a full
 * owner pops) side by side with the JDK's deques used the same way: {@code ConcurrentLinkedDeque}
 * (lock-free, unbounded) and {@code LinkedBlockingDeque} through its non-blocking methods (one
 * lock). JCTools has no work-stealing deque.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DequeStealBench {
    static final int ELEMENTS = 1 << 20;
    @Param({"weft-deque", "jdk-cld", "jdk-lbd"})
    public String impl;

    /** Thief threads: 1 leaves a core to each thread on a 2-core machine, 2 oversubscribes it. */
    @Param({"1", "2"})
    public int thieves;

    /** A deque as the workload uses it. */
    interface Deque {
        /** Owner: adds at the bottom; false if full. */
        boolean push(Integer v);

        /** Owner: the newest, or null. */
        Integer pop();

        /** Thief: the oldest, or null. */
        Integer steal();
    }

    static Deque make(String impl) {
        return switch (impl) {
            case "weft-deque" -> {
                WorkStealingDeque<Integer> d = new WorkStealingDeque<>(1024);
                yield new Deque() {
                    public boolean push(Integer v) { return d.push(v); }
                    public Integer pop() { return d.pop(); }
                    public Integer steal() { return d.steal(); }
                };
            }
            case "jdk-cld" -> {
                ConcurrentLinkedDeque<Integer> d = new ConcurrentLinkedDeque<>();
                yield new Deque() {
                    public boolean push(Integer v) { d.addLast(v); return true; }
                    public Integer pop() { return d.pollLast(); }
                    public Integer steal() { return d.pollFirst(); }
                };
            }
            case "jdk-lbd" -> {
                BlockingDeque<Integer> d = new LinkedBlockingDeque<>(1024);
                yield new Deque() {
                    public boolean push(Integer v) { return d.offerLast(v); }
                    public Integer pop() { return d.pollLast(); }
                    public Integer steal() { return d.pollFirst(); }
                };
            }
            default -> throw new IllegalArgumentException("unknown deque " + impl);
        };
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long stealHeavy() throws InterruptedException {
        return run(make(impl), thieves);
    }

    /**
     * The workload on {@code d}; returns the sum of the elements taken. Each thread counts and
     * sums what it takes by itself: once the owner has pushed every element and then found the
     * deque empty, it says so, and a thief stops at its first empty steal after that, when no
     * element is left to take.
     */
    private static long run(Deque d, int thieves) throws InterruptedException {
        AtomicBoolean drained = new AtomicBoolean();
        Queue<Tally> tallies = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            Tally owner = new Tally();       // made by the thread that writes it: no line shared
            for (int i = 0; i < ELEMENTS; i++) {
                Integer v = Queues.box(i);
                while (!d.push(v)) {
                    owner.add(d.pop());
                }
                if ((i & 3) == 3) {
                    owner.add(d.pop());
                }
            }
            for (Integer w; (w = d.pop()) != null; ) {
                owner.add(w);
            }
            tallies.add(owner);
            drained.set(true);
        }));
        for (int t = 0; t < thieves; t++) {
            threads.add(new Thread(() -> {
                Tally thief = new Tally();
                for (;;) {
                    boolean last = drained.get();
                    Integer v = d.steal();
                    if (v != null) {
                        thief.add(v);
                    } else if (last) {
                        tallies.add(thief);
                        return;
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        Queues.startAndJoin(threads);
        long count = tallies.stream().mapToLong(x -> x.count).sum();
        if (count != ELEMENTS) {
            throw new IllegalStateException(count + " elements taken of " + ELEMENTS);
        }
        return tallies.stream().mapToLong(x -> x.sum).sum();
    }

    /** What one thread took: written by that thread alone. */
    private static final class Tally {
        long sum;
        long count;

        void add(Integer v) {
            if (v != null) {
                sum += v;
                count++;
            }
        }
    }
}
