package dev.weft.dsl

import dev.weft.chan.RecvChan
import dev.weft.time.Ticker
import dev.weft.time.Time
import dev.weft.time.Timer
import java.time.Instant
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * Pauses the calling goroutine for [duration], freeing its worker (Go's `time.Sleep`). Inside a
 * context block it ends early, with a [dev.weft.context.ContextException], when the context does.
 *
 * ```
 * repeat(3) { attempt -> if (tryConnect()) return; sleep((100 shl attempt).milliseconds) }
 * ```
 */
public fun sleep(duration: Duration): Unit = Time.sleep(duration.toJavaDuration())

/**
 * A channel that receives the time once, after [duration] (Go's `time.After`).
 *
 * ```
 * select<Unit> {
 *     onRecv(replies) { handle(it) }
 *     onRecv(after(1.seconds)) { println("no reply within a second") }
 * }
 * ```
 */
public fun after(duration: Duration): RecvChan<Instant> = Time.after(duration.toJavaDuration())

/**
 * A timer that sends the time on its channel after [duration] (Go's `time.NewTimer`).
 *
 * ```
 * val t = timer(5.seconds)
 * if (work.isDone) t.stop() else t.c().recv()   // Go: <-t.C
 * ```
 */
public fun timer(duration: Duration): Timer = Time.newTimer(duration.toJavaDuration())

/**
 * Runs [block] in its own goroutine after [duration], unless the returned timer is stopped first.
 *
 * ```
 * val warn = afterFunc(2.seconds) { println("still waiting for the database") }
 * db.connect()
 * warn.stop()
 * ```
 */
public fun afterFunc(duration: Duration, block: () -> Unit): Timer = Time.afterFunc(duration.toJavaDuration(), block)

/**
 * A ticker sending the time every [period]; stop it when done (Go's `time.NewTicker`).
 *
 * ```
 * val tick = ticker(1.seconds)
 * try { repeat(5) { tick.c().recv(); println("tick") } } finally { tick.stop() }
 * ```
 */
public fun ticker(period: Duration): Ticker = Time.newTicker(period.toJavaDuration())

/**
 * Stops this timer and schedules it to fire after [duration]; whether it was still pending.
 *
 * ```
 * idle.reset(30.seconds)                        // activity: push the idle timeout back
 * ```
 */
public fun Timer.reset(duration: Duration): Boolean = reset(duration.toJavaDuration())

/**
 * Changes this ticker's period to [period].
 *
 * ```
 * poll.reset(if (busy) 100.milliseconds else 5.seconds)
 * ```
 */
public fun Ticker.reset(period: Duration): Unit = reset(period.toJavaDuration())
