package dev.weft.bench

import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.withTimeout

/**
 * The kotlinx.coroutines side of the channel benchmarks: the same workloads as Weft's, run
 * either on one thread (`runBlocking`'s event loop) or on `Dispatchers.Default`.
 */
object Kotlinx {
    private fun <T> run(multiThreaded: Boolean, block: suspend () -> T): T =
        if (multiThreaded) runBlocking(Dispatchers.Default) { block() } else runBlocking { block() }

    /** [rounds] round trips over two rendezvous channels. */
    @JvmStatic
    fun pingPong(rounds: Int, multiThreaded: Boolean) = run(multiThreaded) {
        coroutineScope {
            val ping = Channel<Int>()
            val pong = Channel<Int>()
            launch { repeat(rounds) { pong.send(ping.receive()) } }
            var sum = 0L
            repeat(rounds) {
                ping.send(it)
                sum += pong.receive()
            }
            sum
        }
    }

    /** [producers] producers send [perProducer] values each over one channel to one consumer. */
    @JvmStatic
    fun manyToOne(producers: Int, perProducer: Int, capacity: Int, multiThreaded: Boolean) = run(multiThreaded) {
        coroutineScope {
            val ch = Channel<Int>(capacity)
            repeat(producers) { launch { repeat(perProducer) { ch.send(it) } } }
            var sum = 0L
            repeat(producers * perProducer) { sum += ch.receive() }
            sum
        }
    }

    /** Two producers feed two rendezvous channels; the consumer selects [n] times over both. */
    @JvmStatic
    fun select2(n: Int, multiThreaded: Boolean) = run(multiThreaded) {
        coroutineScope {
            val a = Channel<Int>()
            val b = Channel<Int>()
            launch { repeat(n / 2) { a.send(it) } }
            launch { repeat(n / 2) { b.send(it) } }
            var sum = 0L
            repeat(n) {
                sum += select<Int> {
                    a.onReceive { it }
                    b.onReceive { it }
                }
            }
            sum
        }
    }

    /** [n] coroutines, each launched to send one value to one receiver. */
    @JvmStatic
    fun spawnSend(n: Int, capacity: Int, multiThreaded: Boolean) = run(multiThreaded) {
        coroutineScope {
            val ch = Channel<Int>(capacity)
            launch { repeat(n) { i -> launch { ch.send(i) } } }
            var sum = 0L
            repeat(n) { sum += ch.receive() }
            sum
        }
    }

    /**
     * Starts [n] coroutines on `Dispatchers.Default`, each suspended receiving from one shared
     * rendezvous channel; [suspended] counts those about to suspend. Closing the returned
     * handle releases them all and waits for them.
     */
    @JvmStatic
    fun parkReceivers(n: Int, suspended: AtomicInteger): AutoCloseable {
        val ch = Channel<Int>()
        val scope = CoroutineScope(Dispatchers.Default)
        val jobs: List<Job> = List(n) {
            scope.launch {
                suspended.incrementAndGet()
                ch.receiveCatching()
            }
        }
        return AutoCloseable {
            ch.close()
            runBlocking { jobs.joinAll() }
        }
    }

    /** [workers] coroutines each take a kotlinx `Mutex` [perWorker] times around a counter. */
    @JvmStatic
    fun mutexContended(workers: Int, perWorker: Int, multiThreaded: Boolean) = run(multiThreaded) {
        coroutineScope {
            val mutex = kotlinx.coroutines.sync.Mutex()
            var counter = 0L
            repeat(workers) {
                launch {
                    repeat(perWorker) {
                        mutex.lock()
                        try {
                            counter++
                        } finally {
                            mutex.unlock()
                        }
                    }
                }
            }
            counter
        }.let { workers.toLong() * perWorker }
    }

    /** [rounds] times: launch [tasks] empty coroutines in a `coroutineScope` and wait for them. */
    @JvmStatic
    fun fanOutAndWait(rounds: Int, tasks: Int, multiThreaded: Boolean) = run(multiThreaded) {
        var done = 0L
        repeat(rounds) {
            coroutineScope { repeat(tasks) { launch { } } }
            done++
        }
        done
    }

    /** [n] empty `withTimeout` blocks: each schedules a timeout and disposes it. */
    @JvmStatic
    fun timeoutScheduleStop(n: Int, timeoutMillis: Long) = run(false) {
        var completed = 0L
        repeat(n) { withTimeout(timeoutMillis) { completed++ } }
        completed
    }
}
