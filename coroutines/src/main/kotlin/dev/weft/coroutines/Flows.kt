package dev.weft.coroutines

import dev.weft.chan.Chan
import dev.weft.chan.RecvChan
import dev.weft.chan.SendChan
import kotlinx.coroutines.CoroutineScope
import kotlinx.atomicfu.atomic
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch

/**
 * This channel's values as a [Flow] that any number of collectors may collect at once, each
 * receiving values as they come, so each value reaches one of them (kotlinx's `receiveAsFlow`).
 * A collection ends when the channel is closed and drained; a cause it was closed with is
 * thrown. The receives suspend, never block. Ending a collection early leaves the channel open.
 *
 * ```
 * val jobs: RecvChan<Job> = jobsFromGoroutines()
 * repeat(4) { launch { jobs.receiveAsFlow().collect { handle(it) } } }   // four consumers
 * ```
 */
public fun <T : Any> RecvChan<T>.receiveAsFlow(): Flow<T> = flow { emitAll(this@receiveAsFlow) }

/**
 * This channel's values as a [Flow] that may be collected once (kotlinx's `consumeAsFlow`): the
 * collection receives until the channel is closed and drained (a cause it was closed with is
 * thrown), and when the collection ends, however it ends, the channel is cancelled, so its
 * producers learn that nobody will consume any more. A second collection throws
 * [IllegalStateException].
 *
 * ```
 * val lines: RecvChan<String> = readerGoroutineOutput()
 * lines.consumeAsFlow().filter { it.isNotBlank() }.collect { println(it) }
 * ```
 */
public fun <T : Any> RecvChan<T>.consumeAsFlow(): Flow<T> {
    val collected = atomic(false)
    return flow {
        check(collected.compareAndSet(false, true)) { "consumeAsFlow: this flow can be collected only once" }
        try {
            emitAll(this@consumeAsFlow)
        } finally {
            cancel()
        }
    }
}

/** Emits what [chan] receives until it is closed and drained; throws the cause it was closed with. */
private suspend fun <T : Any> FlowCollector<T>.emitAll(chan: RecvChan<T>) {
    while (true) {
        val r = chan.recvOrClosedSuspending()
        if (!r.isOk()) {
            r.cause()?.let { throw it }
            return
        }
        emit(r.value())
    }
}

/**
 * Collects this flow into [chan], suspending while it is full, and closes [chan] when the flow
 * completes (with the flow's exception as the cause when it fails).
 *
 * ```
 * val jobs = Chan.make<Int>(64)
 * repeat(4) { Weft.go { for (j in jobs) process(j) } }   // goroutines drain it
 * (1..1_000).asFlow().produceIn(jobs)
 * ```
 */
public suspend fun <T : Any> Flow<T>.produceIn(chan: SendChan<T>) {
    try {
        collect { chan.sendSuspending(it) }
    } catch (e: Throwable) {
        chan.close(e)
        throw e
    }
    chan.close()
}

/**
 * A new channel of [capacity] fed by this flow, collected in a coroutine of [scope] (see
 * [produceIn]): kotlinx's `produceIn`, into a Weft channel that goroutines can receive from.
 *
 * ```
 * coroutineScope {
 *     val events = eventFlow.toChan(this, capacity = 16)
 *     Weft.go { for (e in events) store(e) }
 * }
 * ```
 */
public fun <T : Any> Flow<T>.toChan(scope: CoroutineScope, capacity: Int = 0): RecvChan<T> {
    val chan = Chan.make<T>(capacity)
    scope.launch { produceIn(chan) }
    return chan
}
