package dev.weft.examples

import dev.weft.chan.RecvChan
import dev.weft.context.ContextException
import dev.weft.dsl.Chan
import dev.weft.dsl.go
import dev.weft.dsl.sleep
import dev.weft.dsl.ticker
import dev.weft.dsl.whileSelect
import dev.weft.dsl.withCancel
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlin.time.toKotlinDuration
import java.util.function.Consumer

/**
 * Fan-in with a timeout and a ticker: three fast producers and one that stalls feed one
 * consumer, which selects over all four, prints progress on every tick, and gives up once no
 * value has come for [idle] (Go's `case <-time.After(idle)`, renewed on every loop).
 */
object FanIn {
    /** What the consumer saw. */
    data class Report(val perProducer: Map<String, Int>, val ticks: Int, val gaveUpOnIdle: Boolean)

    private fun producer(name: String, count: Int, every: Duration): RecvChan<String> {
        val out = Chan<String>()
        go(name) {
            try {
                repeat(count) { i ->
                    sleep(every)
                    out.send("$name#$i")
                }
            } catch (e: ContextException) {
                // the consumer is gone
            } finally {
                out.close()
            }
        }
        return out
    }

    /**
     * Runs the fan-in; [progress] receives a line on every tick. The producers run under a
     * context that ends with the call, so the stalled one does not outlive it.
     */
    @JvmStatic
    fun run(idle: Duration, progress: (String) -> Unit): Report = withCancel { consume(idle, progress) }

    /** [run] for Java callers. */
    @JvmStatic
    fun run(idle: java.time.Duration, progress: Consumer<String>): Report = run(idle.toKotlinDuration()) { progress.accept(it) }

    private fun consume(idle: Duration, progress: (String) -> Unit): Report {
        val sources: MutableList<RecvChan<String>?> = mutableListOf(
            producer("fast-a", 20, 1.milliseconds),
            producer("fast-b", 20, 1.milliseconds),
            producer("fast-c", 20, 1.milliseconds),
            producer("stalled", 1, 1_000.seconds),
        )
        val seen = sortedMapOf<String, Int>()
        val tick = ticker(10.milliseconds)
        var ticks = 0
        var gaveUp = false
        var lastValue = TimeSource.Monotonic.markNow()
        try {
            whileSelect {
                sources.forEachIndexed { i, ch ->
                    onRecvOrClosed(ch) { r ->
                        if (r.isClosed) {
                            sources[i] = null          // a nil channel: its clause never fires again
                        } else {
                            val who = r.value().substringBefore('#')
                            seen[who] = (seen[who] ?: 0) + 1
                            lastValue = TimeSource.Monotonic.markNow()
                        }
                        true
                    }
                }
                onRecv(tick.c()) {
                    ticks++
                    progress("progress: ${seen.values.sum()} values so far")
                    true
                }
                onTimeout((idle - lastValue.elapsedNow()).coerceAtLeast(Duration.ZERO)) {   // ticks do not count
                    gaveUp = true
                    false
                }
            }
        } finally {
            tick.stop()
        }
        return Report(seen, ticks, gaveUp)
    }

    @JvmStatic
    fun main(args: Array<String>) {
        val report = run(200.milliseconds) { println(it) }
        println("fan-in: ${report.perProducer.values.sum()} values ${report.perProducer}, " +
            "${report.ticks} ticks, gave up on the stalled producer after 200 ms idle: ${report.gaveUpOnIdle}")
    }
}
