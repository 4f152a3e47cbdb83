package dev.weft.bench;

import dev.weft.sched.Scheduler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The common state and settings of the side-by-side benchmarks: each names the implementation
 * under test in its {@code impl} parameter, and {@code "weft"} gets a Weft scheduler for the
 * trial. All report the average time per operation in nanoseconds, from one fork opened for
 * Weft's scheduler (JMH reads these annotations from the superclass).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public abstract class PeerBench {
    /** The Weft scheduler when {@link #impl()} is {@code "weft"}, else null. */
    protected Scheduler weft;

    /** The implementation this trial measures (the subclass's {@code @Param}). */
    protected abstract String impl();

    @Setup(Level.Trial)
    public void startWeft() {
        if (impl().equals("weft")) {
            weft = Peers.weftScheduler();
        }
    }

    @TearDown(Level.Trial)
    public void stopWeft() {
        if (weft != null) {
            weft.close();
        }
    }
}
