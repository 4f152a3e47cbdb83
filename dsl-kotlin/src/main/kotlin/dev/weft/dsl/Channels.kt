package dev.weft.dsl

import dev.weft.chan.BufferOverflow
import dev.weft.chan.Chan
import dev.weft.chan.Received
import dev.weft.chan.RecvChan
import dev.weft.chan.SendChan
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * A channel buffering up to [capacity] values (0, the default: rendezvous), as kotlinx's
 * `Channel<T>(capacity, onBufferOverflow, onUndeliveredElement)`; Go's `make(chan T, capacity)`.
 * The channel is the core's [Chan] (see [Chan.Builder] for the options), usable from Java
 * unchanged. Values are non-null.
 *
 * ```
 * val jobs = Chan<Int>(100)
 * go { for (j in jobs) println(j) }
 * val latest = Chan<Frame>(1, BufferOverflow.DROP_OLDEST) { it.release() }
 * ```
 */
public fun <T : Any> Chan(
    capacity: Int = 0,
    overflow: BufferOverflow = BufferOverflow.BLOCK,
    onUndeliveredElement: ((T) -> Unit)? = null,
): Chan<T> {
    val builder = Chan.builder<T>().capacity(capacity).overflow(overflow)
    if (onUndeliveredElement != null) builder.onUndeliveredElement(onUndeliveredElement)
    return builder.build()
}

/** Sends [value], waiting at most [timeout]; whether it was sent. See [SendChan.send]. */
public fun <T : Any> SendChan<T>.send(value: T, timeout: Duration): Boolean = send(value, timeout.toJavaDuration())

/** Receives, waiting at most [timeout]: a value, closed, or not ready. See [RecvChan.recv]. */
public fun <T : Any> RecvChan<T>.recv(timeout: Duration): Received<T> = recv(timeout.toJavaDuration())
