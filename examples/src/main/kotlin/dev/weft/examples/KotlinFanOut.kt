package dev.weft.examples

import dev.weft.dsl.go
import dev.weft.sched.Scheduler
import java.util.concurrent.atomic.AtomicLong

/** A Kotlin fan-out called from the Java demo: one build, both languages. */
object KotlinFanOut {
    /** Sums k² for k in 1..n, one goroutine per term, on [scheduler]. */
    @JvmStatic
    fun sumOfSquares(scheduler: Scheduler, n: Int): Long {
        val total = AtomicLong()
        scheduler.go("fan-out") {
            (1..n).map { k -> go { total.addAndGet(k.toLong() * k) } }.forEach { it.join() }
        }.join()
        return total.get()
    }
}
