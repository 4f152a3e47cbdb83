package dev.weft.examples;

import dev.weft.chan.Chan;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sched.SchedulerStats;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * The README's demo: the worker pool (in Java, then in Kotlin, then cut short by its deadline),
 * the prime-sieve pipeline, a fan-in with a timeout and a ticker, a Kotlin producer feeding a
 * Java consumer over one channel, 100,000 goroutines parked on one gate and released at once,
 * and what the scheduler saw.
 */
public final class Demo {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (Scheduler s = Scheduler.builder().name("demo").build()) {
            System.out.printf("Weft demo: scheduler %s, %s with %d workers%n",
                    s.name(), s.kind(), s.workerCount());
            System.out.println(s.run(() -> WorkerPool.run(4, 100, Duration.ofSeconds(10))));
            System.out.println(s.run(() -> KotlinWorkerPool.run(4, 100, Duration.ofSeconds(10))));
            System.out.println(s.run(() -> WorkerPool.run(4, 100_000, Duration.ofMillis(50))));
            System.out.println(s.run(() -> "prime sieve: the first 25 primes " + PrimeSieve.firstPrimes(25)));
            FanIn.Report fanIn = s.run(() -> FanIn.run(Duration.ofMillis(200), line -> { }));
            System.out.printf("fan-in: %d values from %s, %d progress ticks, gave up on the stalled producer after 200 ms idle: %s%n",
                    fanIn.getPerProducer().values().stream().mapToInt(Integer::intValue).sum(), fanIn.getPerProducer(),
                    fanIn.getTicks(), fanIn.getGaveUpOnIdle());
            Chan<Integer> fromKotlin = Chan.make(16);
            s.go("kotlin-producer", () -> KotlinProducer.squares(fromKotlin, 100));
            long received = 0;
            for (int v : fromKotlin) {          // a Java consumer, until Kotlin closes the channel
                received += v;
            }
            System.out.printf("Java consumer summed what a Kotlin producer sent over one channel: %,d%n", received);
            long sum = s.run(() -> parkedThenReleased(s, n));
            System.out.printf("%,d goroutines parked on one gate, released, summed: %,d (expected %,d)%n",
                    n, sum, (long) n * (n + 1) / 2);
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
