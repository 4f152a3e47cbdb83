package dev.weft.examples;

import dev.weft.chan.Chan;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sched.SchedulerStats;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * The README's demo: a scheduler, 100,000 goroutines parked on one gate and released at once,
 * a Kotlin fan-out, a Kotlin producer feeding a Java consumer over one channel, and what the
 * scheduler saw.
 */
public final class Demo {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (Scheduler s = Scheduler.builder().name("demo").build()) {
            System.out.printf("Weft demo: scheduler %s, %s with %d workers%n",
                    s.name(), s.kind(), s.workerCount());
            long sum = s.run(() -> parkedThenReleased(s, n));
            System.out.printf("%,d goroutines parked on one gate, released, summed: %,d (expected %,d)%n",
                    n, sum, (long) n * (n + 1) / 2);
            long squares = KotlinFanOut.sumOfSquares(s, 1_000);
            System.out.printf("Kotlin fan-out over 1,000 goroutines: sum of squares %,d%n", squares);
            Chan<Integer> fromKotlin = Chan.make(16);
            s.go("kotlin-producer", () -> KotlinProducer.squares(fromKotlin, 100));
            long received = 0;
            for (int v : fromKotlin) {          // a Java consumer, until Kotlin closes the channel
                received += v;
            }
            System.out.printf("Java consumer summed what a Kotlin producer sent over one channel: %,d%n", received);
            SchedulerStats st = s.stats();
            System.out.printf("stats: spawned %,d, runnext handoffs %,d, injections %,d, steals %,d/%,d, "
                            + "worker parks %,d, compensations %d%n",
                    st.spawned(), st.runnextHandoffs(), st.injections(), st.stealsSucceeded(),
                    st.stealsAttempted(), st.parks(), st.compensations());
        }
    }

    private static long parkedThenReleased(Scheduler s, int n) throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(n);
        LongAdder sum = new LongAdder();
        Goroutine[] all = new Goroutine[n];
        for (int i = 0; i < n; i++) {
            int k = i + 1;
            all[i] = s.go(() -> {
                parked.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    return;
                }
                sum.add(k);
            });
        }
        parked.await();
        System.out.printf("%,d goroutines alive and parked on %d carrier threads%n",
                s.goroutineCount() - 1, s.workerCount());
        gate.countDown();
        for (Goroutine g : all) {
            g.join();
        }
        return sum.sum();
    }
}
