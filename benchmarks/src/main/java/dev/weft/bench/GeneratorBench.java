package dev.weft.bench;

import dev.weft.coro.Generator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Cost of {@code next()} per element: a {@link Generator} yielding 0, 1, 2, … read from a
 * goroutine, on the JDK's continuations ({@code generatorNext}: the JVM exports
 * {@code jdk.internal.vm}) and in a goroutine of its own ({@code generatorNextInGoroutine}: it
 * does not, so every element is a goroutine switch to the body and back, which stays on one
 * worker), against an {@code Iterator} over a prepared {@code ArrayList} (the floor: no switch at
 * all). Nanoseconds per element.
 */
public class GeneratorBench extends PeerBench {
    static final int ELEMENTS = 10_000;

    @Param({"weft"})
    public String impl;

    private List<Integer> list;

    @Override
    protected String impl() {
        return impl;
    }

    @Setup
    public void fill() {
        list = new ArrayList<>(ELEMENTS);
        for (int i = 0; i < ELEMENTS; i++) {
            list.add(i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    @Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"})
    public long generatorNext() throws Exception {
        return readAll();
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long generatorNextInGoroutine() throws Exception {
        return readAll();
    }

    private long readAll() throws Exception {
        long[] sum = {0};
        Peers.all(weft, () -> {
            try (Generator<Integer> g = Generator.of(out -> {
                for (int i = 0; i < ELEMENTS; i++) {
                    out.yield(i);
                }
            })) {
                while (g.hasNext()) {
                    sum[0] += g.next();
                }
            }
        });
        return sum[0];
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long listIteratorNext() {
        long sum = 0;
        for (Iterator<Integer> it = list.iterator(); it.hasNext(); ) {
            sum += it.next();
        }
        return sum;
    }
}
