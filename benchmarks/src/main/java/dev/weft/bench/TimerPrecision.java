package dev.weft.bench;

import dev.weft.sched.Scheduler;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Timer precision: 10,000 goroutines each wait on {@code Time.after(d)} for a random d of
 * 1–50 ms; lateness is when the goroutine runs again minus when it was due. Reported as p50,
 * p99 and max, beside JDK virtual threads in {@code Thread.sleep(d)} measured the same way.
 * Each task first pauses a random 0–50 ms, so the 10,000 timers overlap as a steady load
 * rather than queueing behind 10,000 task starts.
 *
 * <p>Rounds alternate between the two; the first {@value #WARMUP_ROUNDS} of each are warm-up (a
 * round runs only ~100 ms, and the compiler is still at work after three). Each measured round
 * starts after a full collection, and the heap is fixed in size, so that no collection falls
 * inside a round: a young-generation pause (5–15 ms here) would be reported as timer lateness
 * on either side. The report gives each measured round, the median over rounds, in how
 * many rounds p99 exceeded 1 ms, and how many of Weft's such rounds ran next to such a JDK
 * round: a round lasts ~100 ms, so one stall of a few milliseconds that the machine imposes on
 * a busy thread (see {@link HostStalls}) makes more than 1% of its timers late and sets that
 * round's p99 by itself, whichever runtime is measured.
 *
 * <p>Not a JMH benchmark (it measures latency, not throughput); run it with
 * {@code java -Xms2g -Xmx2g --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.weft.bench.TimerPrecision}.
 */
public final class TimerPrecision {
    private static final int TIMERS = 10_000;
    private static final int WARMUP_ROUNDS = 10;
    private static final int MEASURED_ROUNDS = 15;

    public static void main(String[] args) throws Exception {
        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            measure(true);
            measure(false);
        }
        double[][] weft = new double[MEASURED_ROUNDS][];
        double[][] jdk = new double[MEASURED_ROUNDS][];
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            System.gc();
            weft[round] = report("weft Time.after", measure(true));
            System.gc();
            jdk[round] = report("jdk VT sleep", measure(false));
        }
        median("weft Time.after", weft);
        median("jdk VT sleep", jdk);
        sharedBadPeriods(weft, jdk);
    }

    /**
     * How many of Weft's rounds over 1 ms ran next to (just before or just after) a JDK round
     * over 1 ms: bad rounds that come in pairs point at the machine, not at either runtime.
     */
    private static void sharedBadPeriods(double[][] weft, double[][] jdk) {
        int bad = 0;
        int paired = 0;
        for (int r = 0; r < weft.length; r++) {
            if (weft[r][1] > 1.0) {
                bad++;
                if (jdk[r][1] > 1.0 || (r > 0 && jdk[r - 1][1] > 1.0)) {
                    paired++;
                }
            }
        }
        System.out.printf("weft rounds over 1 ms next to a jdk round over 1 ms: %d of %d%n", paired, bad);
    }

    private static long[] measure(boolean weft) throws Exception {
        long[] lateness = new long[TIMERS];
        CountDownLatch done = new CountDownLatch(TIMERS);
        try (Scheduler s = weft ? Scheduler.builder().build() : null) {
            for (int i = 0; i < TIMERS; i++) {
                int k = i;
                long delayNanos = Duration.ofMillis(1).toNanos()
                        + ThreadLocalRandom.current().nextLong(Duration.ofMillis(49).toNanos());
                long staggerNanos = ThreadLocalRandom.current().nextLong(Duration.ofMillis(50).toNanos());
                Runnable body = () -> {
                    pause(weft, staggerNanos);            // spread the starts: a steady load
                    long due = System.nanoTime() + delayNanos;
                    if (weft) {
                        Time.after(Duration.ofNanos(delayNanos)).recv();
                    } else {
                        try {
                            Thread.sleep(Duration.ofNanos(delayNanos));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    lateness[k] = System.nanoTime() - due;
                    done.countDown();
                };
                if (s != null) {
                    s.go(body::run);
                } else {
                    Thread.ofVirtual().start(body);
                }
            }
            done.await();
        }
        Arrays.sort(lateness);
        return lateness;
    }

    private static void pause(boolean weft, long nanos) {
        if (weft) {
            Time.sleep(Duration.ofNanos(nanos));
        } else {
            try {
                Thread.sleep(Duration.ofNanos(nanos));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Prints and returns p50, p99 and max lateness of one round, in ms. */
    private static double[] report(String what, long[] sorted) {
        double[] ms = {sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 99 / 100] / 1e6, sorted[sorted.length - 1] / 1e6};
        print(what, ms);
        return ms;
    }

    private static void median(String what, double[][] rounds) {
        int over = 0;
        for (double[] r : rounds) {
            if (r[1] > 1.0) {
                over++;
            }
        }
        double[] median = new double[3];
        for (int q = 0; q < 3; q++) {
            double[] column = new double[rounds.length];
            for (int r = 0; r < rounds.length; r++) {
                column[r] = rounds[r][q];
            }
            Arrays.sort(column);
            median[q] = column[column.length / 2];
        }
        print("median " + what, median);
        System.out.printf("%-23s p99 over 1 ms in %d of %d rounds%n", "", over, rounds.length);
    }

    private static void print(String what, double[] ms) {
        System.out.printf("%-23s p50 %7.3f ms   p99 %7.3f ms   max %7.3f ms%n", what, ms[0], ms[1], ms[2]);
    }
}
