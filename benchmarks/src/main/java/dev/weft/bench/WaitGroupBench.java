package dev.weft.bench;

import dev.weft.sched.Scheduler;
import dev.weft.sync.WaitGroup;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * Fan-out and wait, Go's most common use of a {@code WaitGroup}: per round, start 8 tasks that
 * each mark themselves done, and wait for all 8. Nanoseconds per round. Weft: {@code WaitGroup}
 * and goroutines; JDK: {@code CountDownLatch} and virtual threads; kotlinx.coroutines:
 * {@code coroutineScope} with 8 {@code launch}es (its structured join is its wait group).
 */
public class WaitGroupBench extends PeerBench {
    static final int ROUNDS = 1_000;
    static final int TASKS = 8;

    @Param({"weft", "countdownlatch-vt", "kotlinx-1thread", "kotlinx-default"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long fanOutAndWait() throws Exception {
        long[] rounds = {0};
        switch (impl) {
            case "weft" -> Peers.all(weft, () -> {
                Scheduler s = weft;
                for (int r = 0; r < ROUNDS; r++) {
                    WaitGroup wg = new WaitGroup();
                    wg.add(TASKS);
                    for (int t = 0; t < TASKS; t++) {
                        s.go(wg::done);
                    }
                    wg.await();
                    rounds[0]++;
                }
            });
            case "countdownlatch-vt" -> Peers.all(null, () -> {
                for (int r = 0; r < ROUNDS; r++) {
                    CountDownLatch latch = new CountDownLatch(TASKS);
                    for (int t = 0; t < TASKS; t++) {
                        Thread.ofVirtual().start(latch::countDown);
                    }
                    latch.await();
                    rounds[0]++;
                }
            });
            case "kotlinx-1thread" -> rounds[0] = Kotlinx.fanOutAndWait(ROUNDS, TASKS, false);
            case "kotlinx-default" -> rounds[0] = Kotlinx.fanOutAndWait(ROUNDS, TASKS, true);
            default -> throw new IllegalArgumentException(impl);
        }
        return rounds[0];
    }
}
