package dev.weft.examples

import dev.weft.chan.RecvChan
import dev.weft.chan.SendChan
import dev.weft.context.ContextException
import dev.weft.dsl.Chan
import dev.weft.dsl.currentContext
import dev.weft.dsl.go
import dev.weft.dsl.go
import dev.weft.dsl.sleep
import dev.weft.sync.WaitGroup
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * A worker pool, in Kotlin: the same program as `WorkerPool.java` and
 * `examples/go/workerpool`. Workers run under the pool's context, so their channel operations
 * and sleeps end with a [ContextException] when it ends.
 */
object KotlinWorkerPool {
    private data class Result(val worker: Int, val job: Int, val square: Long)

    private fun worker(id: Int, jobs: RecvChan<Int>, results: SendChan<Result>) {
        try {
            for (j in jobs) {                        // until the producer closes jobs
                sleep(1.milliseconds)                // the work
                results.send(Result(id, j, j.toLong() * j))
            }
        } catch (e: ContextException) {
            // the pool's context ended: stop
        }
    }

    /** Runs [jobCount] jobs through [workers] workers for at most [budget]; returns the report line. */
    @JvmStatic
    fun run(workers: Int, jobCount: Int, budget: Duration): String {
        val jobs = Chan<Int>(16)
        val results = Chan<Result>(16)
        val wg = WaitGroup()
        currentContext.withTimeout(budget.toJavaDuration()).use { ctx ->
            ctx.run {                                // goroutines started here run under ctx
                for (w in 1..workers) {
                    wg.go("worker-$w") { worker(w, jobs, results) }   // add(1) … done()
                }
                go("producer") {
                    try {
                        for (j in 1..jobCount) jobs.send(j)
                    } catch (e: ContextException) {
                        // out of time: send no more
                    } finally {
                        jobs.close()
                    }
                }
            }
            go("closer") {                           // outside ctx: it must not be cut short
                wg.await()
                results.close()
            }
            var processed = 0
            var sum = 0L
            val perWorker = IntArray(workers)
            for (r in results) {                     // until every worker has stopped
                processed++
                sum += r.square
                perWorker[r.worker - 1]++
            }
            return "kotlin worker pool: $workers workers processed $processed of $jobCount jobs, " +
                "sum of squares ${"%,d".format(sum)}, per worker ${perWorker.contentToString()}, " +
                "context: ${ctx.err()?.message ?: "live"}"
        }
    }

    /** [run] for Java callers, with a `java.time.Duration`. */
    @JvmStatic
    fun run(workers: Int, jobCount: Int, budget: java.time.Duration): String = run(workers, jobCount, budget.toKotlinDuration())

    @JvmStatic
    fun main(args: Array<String>) {
        println(run(args.getOrNull(0)?.toInt() ?: 4, args.getOrNull(1)?.toInt() ?: 100, 10.seconds))
    }
}
