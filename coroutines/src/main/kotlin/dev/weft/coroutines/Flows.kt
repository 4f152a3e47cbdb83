package dev.weft.coroutines

import dev.weft.chan.Chan
import dev.weft.chan.RecvChan
import dev.weft.chan.SendChan
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch

/**
 * This channel's values as a cold [Flow]: collecting it receives until the channel is closed (a
 * cause it was closed with is thrown). The receives suspend, never block. Collect it once: the
 * values are consumed.
 *
 * ```
 * val lines: RecvChan<String> = readerGoroutineOutput()
 * lines.consumeAsFlow().filter { it.isNotBlank() }.collect { println(it) }
 * ```
 */
public fun <T : Any> RecvChan<T>.consumeAsFlow(): Flow<T> = flow {
    while (true) {
        val r = recvOrClosedSuspending()
        if (!r.isOk()) {
            break
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
