package dev.weft.bench;

import dev.weft.lockfree.MpmcQueue;
import dev.weft.lockfree.SpscQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.SpscArrayQueue;

/** The queues of the lock-free benchmarks, and the transfer they measure. */
final class Queues {
    static final int CAPACITY = 1024;
    private static final Integer[] BOXES = new Integer[CAPACITY];

    static {
        for (int i = 0; i < CAPACITY; i++) {
            BOXES[i] = i;                    // the same boxes every time: no allocation measured
        }
    }

    private Queues() {}

    /** A queue of {@code capacity} elements (unbounded for {@code jdk-clq}, which ignores it). */
    static Queue<Integer> make(String impl, int capacity) {
        return switch (impl) {
            case "weft-mpmc" -> new MpmcQueue<>(capacity);
            case "weft-spsc" -> new SpscQueue<>(capacity);
            case "unsafe-spsc" -> new UnsafeSpsc<>(capacity);
            case "jctools-mpmc" -> new MpmcArrayQueue<>(capacity);
            case "jctools-spsc" -> new SpscArrayQueue<>(capacity);
            case "jdk-abq" -> new ArrayBlockingQueue<>(capacity);
            case "jdk-clq" -> new ConcurrentLinkedQueue<>();
            default -> throw new IllegalArgumentException("unknown queue " + impl);
        };
    }

    /**
     * {@code pairs} producer threads offer {@code n} elements in all (spinning while the queue is
     * full) and {@code pairs} consumer threads poll as many, each its share (spinning while the
     * queue is empty); returns the sum of what was polled.
     */
    static long transfer(Queue<Integer> q, int pairs, int n) throws InterruptedException {
        int share = n / pairs;
        LongAdder sum = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < share; i++) {
                    Integer v = box(i);
                    while (!q.offer(v)) {
                        Thread.onSpinWait();
                    }
                }
            }));
            threads.add(new Thread(() -> {
                long local = 0;
                for (int got = 0; got < share; ) {
                    Integer v = q.poll();
                    if (v == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    local += v;
                    got++;
                }
                sum.add(local);
            }));
        }
        startAndJoin(threads);
        return sum.sum();
    }

    /** The element sent {@code i}-th: one of {@value #CAPACITY} boxes made once. */
    static Integer box(int i) {
        return BOXES[i & (CAPACITY - 1)];
    }

    /** Starts {@code threads}, then waits for each to end. */
    static void startAndJoin(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
