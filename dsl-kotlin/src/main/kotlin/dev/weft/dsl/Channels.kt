package dev.weft.dsl

import dev.weft.chan.BufferOverflow
import dev.weft.chan.Chan
import dev.weft.chan.ChanClosedException
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

/**
 * Sends [value], waiting at most [timeout]; whether it was sent. See [SendChan.send].
 *
 * ```
 * if (!results.send(r, 100.milliseconds)) dropped++
 * ```
 */
public fun <T : Any> SendChan<T>.send(value: T, timeout: Duration): Boolean = send(value, timeout.toJavaDuration())

/**
 * Receives, waiting at most [timeout]: a value, closed, or not ready. See [RecvChan.recv].
 *
 * ```
 * val r = jobs.recv(1.seconds)
 * when {
 *     r.isOk() -> handle(r.value())
 *     r.isClosed() -> return
 *     else -> idle()                            // nothing within a second
 * }
 * ```
 */
public fun <T : Any> RecvChan<T>.recv(timeout: Duration): Received<T> = recv(timeout.toJavaDuration())

/**
 * Starts a goroutine that runs [block] to send values into a new channel of [capacity], and
 * returns the channel to receive them from (kotlinx's `produce`). The channel is closed when
 * [block] returns, and closed with its exception as the cause when it throws, so the receiver
 * sees the failure. A receiver that stops early cancels the channel (`cancel()`): the producer's
 * next send then fails, and it ends quietly.
 *
 * ```
 * val squares = produce { for (i in 1..10) send(i * i) }
 * for (s in squares) println(s)
 * ```
 */
public fun <T : Any> produce(capacity: Int = 0, block: SendChan<T>.() -> Unit): RecvChan<T> {
    val ch = Chan<T>(capacity)
    go {
        val failure = try {
            ch.block()
            null
        } catch (e: Throwable) {
            e
        }
        if (ch.isClosed) {
            // The receiver cancelled the channel; a send failing for that is how the producer learns it.
            if (failure != null && failure !is ChanClosedException) throw failure
        } else {
            try {
                ch.close(failure)
            } catch (cancelledMeanwhile: IllegalStateException) {
                // the receiver cancelled between the check and the close: nobody is left to tell
            }
        }
    }
    return ch
}
