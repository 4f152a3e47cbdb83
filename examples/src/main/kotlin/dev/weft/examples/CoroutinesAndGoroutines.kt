package dev.weft.examples

import dev.weft.context.Context
import dev.weft.coroutines.recvSuspending
import dev.weft.coroutines.selectSuspending
import dev.weft.coroutines.sendSuspending
import dev.weft.coroutines.withWeftContext
import dev.weft.dsl.Chan
import dev.weft.sched.Scheduler
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.time.Duration as JavaDuration
import kotlin.time.Duration.Companion.milliseconds

/**
 * A kotlinx.coroutines service adopting Weft: coroutines and goroutines share Weft channels.
 *
 * Every coroutine here runs on one thread, `runBlocking`'s. Coroutines send orders to a pool of
 * goroutines and receive their results, select with a timeout, and wait under a Weft deadline,
 * all suspending: had any of them blocked its thread, the others could not have run, and the
 * program would hang instead of finishing.
 */
object CoroutinesAndGoroutines {
    /** What the coroutines saw. */
    data class Report(val orders: Int, val total: Long, val quietAfterwards: Boolean, val deadlineEndedTheWait: Boolean)

    /** Runs the service: [orders] orders through [workers] goroutines. */
    @JvmStatic
    fun run(workers: Int, orders: Int): Report = Scheduler.builder().name("pool").build().use { pool ->
        runBlocking {
            val requests = Chan<Int>()
            val results = Chan<Long>(16)
            repeat(workers) {
                pool.go {
                    for (n in requests) {            // until the coroutines close it
                        results.send(n.toLong() * n)
                    }
                }
            }
            // One coroutine feeds the goroutines while this one collects their results.
            launch {
                for (i in 1..orders) {
                    requests.sendSuspending(i)
                }
                requests.close()
            }
            var total = 0L
            repeat(orders) { total += results.recvSuspending() }
            // Go's select inside a coroutine: nothing more comes, so the timeout fires.
            val quiet = selectSuspending<Boolean> {
                onRecv(results) { false }
                onTimeout(50.milliseconds) { true }
            }
            // A Weft context bounding coroutines: nobody ever sends on `never`.
            val never = Chan<Int>()
            val ended = Context.background().withTimeout(JavaDuration.ofMillis(50)).use { deadline ->
                try {
                    withWeftContext(deadline) { never.recvSuspending() }
                    false
                } catch (e: CancellationException) {
                    deadline.err() != null           // cancelled because the Weft deadline passed
                }
            }
            Report(orders, total, quiet, ended)
        }
    }

    @JvmStatic
    fun main(args: Array<String>) {
        val workers = args.getOrNull(0)?.toInt() ?: 4
        val orders = args.getOrNull(1)?.toInt() ?: 10_000
        val r = run(workers, orders)
        println("coroutines and goroutines: ${r.orders} orders through $workers goroutines, " +
            "sum of squares ${"%,d".format(r.total)}; quiet afterwards: ${r.quietAfterwards}; " +
            "a wait ended by its Weft deadline: ${r.deadlineEndedTheWait}")
    }
}
