package dev.weft.bench;

import dev.weft.sched.Scheduler;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The common state of the side-by-side benchmarks: each names the implementation under test
 * in its {@code impl} parameter, and {@code "weft"} gets a Weft scheduler for the trial.
 */
@State(Scope.Benchmark)
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
