package dev.weft.bench;

import dev.weft.time.Time;
import dev.weft.time.Timer;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Schedule a timer and stop it before it fires, the life of nearly every timeout: nanoseconds
 * per schedule+stop pair, from one task, with {@value #PENDING} other timers pending so the
 * queue is not trivially empty. Weft: {@code Time.newTimer(10 s).stop()} in a goroutine; JDK:
 * a {@code ScheduledThreadPoolExecutor} (remove-on-cancel) {@code schedule(...).cancel(false)}
 * in a virtual thread; kotlinx.coroutines: an empty {@code withTimeout(10 s)} block (which
 * schedules and disposes its timeout).
 */
public class TimerBench extends PeerBench {
    static final int OPS = 100_000;
    static final int PENDING = 1_000;
    private static final Duration LATER = Duration.ofSeconds(10);

    @Param({"weft", "stpe-vt", "kotlinx-1thread"})
    public String impl;

    private ScheduledThreadPoolExecutor stpe;
    private Timer[] weftPending;
    private ScheduledFuture<?>[] stpePending;

    @Override
    protected String impl() {
        return impl;
    }

    @Setup
    public void startPending() {
        stpe = new ScheduledThreadPoolExecutor(1);
        stpe.setRemoveOnCancelPolicy(true);
        if (impl.equals("weft")) {
            weftPending = new Timer[PENDING];
            for (int i = 0; i < PENDING; i++) {
                weftPending[i] = Time.newTimer(Duration.ofHours(1));
            }
        } else if (impl.equals("stpe-vt")) {
            stpePending = new ScheduledFuture<?>[PENDING];
            for (int i = 0; i < PENDING; i++) {
                stpePending[i] = stpe.schedule(() -> { }, 1, TimeUnit.HOURS);
            }
        }
    }

    @TearDown
    public void stopPending() {
        if (weftPending != null) {
            for (Timer t : weftPending) {
                t.stop();
            }
        }
        stpe.shutdownNow();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long scheduleAndStop() throws Exception {
        long[] stopped = {0};
        switch (impl) {
            case "weft" -> Peers.all(weft, () -> {
                for (int i = 0; i < OPS; i++) {
                    if (Time.newTimer(LATER).stop()) {
                        stopped[0]++;
                    }
                }
            });
            case "stpe-vt" -> Peers.all(null, () -> {
                for (int i = 0; i < OPS; i++) {
                    if (stpe.schedule(() -> { }, LATER.toNanos(), TimeUnit.NANOSECONDS).cancel(false)) {
                        stopped[0]++;
                    }
                }
            });
            case "kotlinx-1thread" -> stopped[0] = Kotlinx.timeoutScheduleStop(OPS, LATER.toMillis());
            default -> throw new IllegalArgumentException(impl);
        }
        return stopped[0];
    }
}
