package dev.weft.bench;

import java.util.concurrent.TimeUnit;
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
 * Elements moved between producer and consumer threads through a queue of 1,024 ({@code -p
 * capacity=} sets another; unbounded for {@code ConcurrentLinkedQueue}), nanoseconds per
 * element: Weft's {@code dev.weft.lockfree} queues side by side with JCTools' and the JDK's
 * ({@code ArrayBlockingQueue} through its non-blocking {@code offer}/{@code poll}). The
 * subclasses choose the queues and the threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class QueueBench {
    static final int ELEMENTS = 1 << 20;

    /** How many elements a bounded queue holds. */
    @Param({"1024"})
    public int capacity;

    /** The queue measured (the subclass's {@code @Param}). */
    protected abstract String impl();

    /** How many producer threads, and as many consumer threads. */
    protected abstract int pairs();

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long transfer() throws InterruptedException {
        return Queues.transfer(Queues.make(impl(), capacity), pairs(), ELEMENTS);
    }
}
