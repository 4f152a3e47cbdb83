package dev.weft.examples;

import static dev.weft.fluent.Go.chan;
import static dev.weft.fluent.Go.go;
import static dev.weft.fluent.Go.sleep;

import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import dev.weft.chan.SendChan;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.sync.WaitGroup;
import java.time.Duration;
import java.util.Arrays;

/**
 * A worker pool, in Java: a jobs channel, a results channel, a WaitGroup
 * and a context that bounds the whole run. The Go original is {@code examples/go/workerpool};
 * {@code WorkerPool.kt} is the Kotlin version. Run: {@code WorkerPool [workers] [jobs] [budget ms]}.
 *
 * <p>Where Go passes {@code ctx} to every worker and selects on {@code ctx.Done()} around every
 * channel operation, Weft starts the workers under the context ({@link Context#run}): their
 * channel operations and sleeps end with a {@link ContextException} when it ends.
 */
public final class WorkerPool {
    /** One processed job. */
    record Result(int worker, int job, long square) {}

    /** What the pool did. */
    record Report(int workers, int jobs, int processed, long sumOfSquares, int[] perWorker, ContextException err) {
        @Override
        public String toString() {
            return String.format("worker pool: %d workers processed %d of %d jobs, sum of squares %,d, per worker %s, context: %s",
                    workers, processed, jobs, sumOfSquares, Arrays.toString(perWorker), err == null ? "live" : err.getMessage());
        }
    }

    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Duration budget = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 10_000);
        System.out.println(run(workers, jobs, budget));
    }

    static void worker(int id, RecvChan<Integer> jobs, SendChan<Result> results, WaitGroup wg) {
        try {
            for (int j : jobs) {                       // until the producer closes jobs
                sleep(Duration.ofMillis(1));           // the work
                results.send(new Result(id, j, (long) j * j));
            }
        } catch (ContextException e) {
            // the pool's context ended: stop
        } finally {
            wg.done();
        }
    }

    /** Runs {@code jobCount} jobs through {@code workers} workers, for at most {@code budget}. */
    public static Report run(int workers, int jobCount, Duration budget) {
        Chan<Integer> jobs = chan(16);
        Chan<Result> results = chan(16);
        WaitGroup wg = new WaitGroup();
        try (CancelContext ctx = Context.background().withTimeout(budget)) {
            ctx.run(() -> {                            // goroutines started here run under ctx
                for (int w = 1; w <= workers; w++) {
                    wg.add(1);
                    int id = w;
                    go("worker-" + id, () -> worker(id, jobs, results, wg));
                }
                go("producer", () -> {
                    try {
                        for (int j = 1; j <= jobCount; j++) {
                            jobs.send(j);
                        }
                    } catch (ContextException e) {
                        // out of time: send no more
                    } finally {
                        jobs.close();
                    }
                });
            });
            go("closer", () -> {                       // outside ctx: it must not be cut short
                wg.await();
                results.close();
            });
            int processed = 0;
            long sum = 0;
            int[] perWorker = new int[workers];
            for (Result r : results) {                 // until every worker has stopped
                processed++;
                sum += r.square();
                perWorker[r.worker() - 1]++;
            }
            return new Report(workers, jobCount, processed, sum, perWorker, ctx.err());
        }
    }
}
