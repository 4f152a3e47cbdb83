package dev.weft.coroutines

import dev.weft.chan.Received
import dev.weft.chan.RecvChan
import dev.weft.chan.SendChan
import dev.weft.context.Context
import dev.weft.future.Deferred
import dev.weft.select.SelectBuilder
import java.time.Duration as JavaDuration
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * Go's `select` inside a coroutine: suspends (never blocks its thread) until one clause's
 * operation completes, then runs that clause's body in the coroutine and returns its result.
 * While it waits, its clauses are queued on their channels ([SelectBuilder.runAsync]): no
 * thread, goroutine or coroutine waits for it.
 *
 * ```
 * val what = selectSuspending<String> {
 *     onRecv(jobs) { "job $it" }
 *     onTimeout(1.seconds) { "idle" }
 * }
 * ```
 *
 * The rules are the core select's ([SelectBuilder]): ready clauses are chosen at random unless
 * [SuspendingSelectScope.biased]; a `null` channel's clause never fires; a [default][SuspendingSelectScope.default]
 * clause makes it not wait at all, and may not be combined with a timeout. Cancelling the
 * coroutine while it waits abandons the select with no effect: no clause's operation happened,
 * or the one that did has its body run before the coroutine meets its cancellation.
 */
public suspend fun <R> selectSuspending(clauses: SuspendingSelectScope<R>.() -> Unit): R {
    val chosen = SuspendingSelectScope<R>().apply(clauses).builder.runAsync().awaitOutcome()
    return chosen()
}

/** The clauses of a [selectSuspending]; each body runs in the coroutine, after the select. */
public class SuspendingSelectScope<R> internal constructor() {
    internal val builder: SelectBuilder<suspend () -> R> = SelectBuilder.select()

    /** Receives from [ch] (a `null` channel never fires); [body] gets the value: `onRecv(jobs) { job -> handle(job) }`. */
    public fun <T : Any> onRecv(ch: RecvChan<T>?, body: suspend (T) -> R) {
        builder.recv(ch) { v -> suspend { body(v) } }
    }

    /** Receives from [ch], or learns it is closed and drained (Go's `v, ok := <-ch`): `onRecvOrClosed(jobs) { r -> r.isOk() }`. */
    public fun <T : Any> onRecvOrClosed(ch: RecvChan<T>?, body: suspend (Received<T>) -> R) {
        builder.recvOrClosed(ch) { r -> suspend { body(r) } }
    }

    /** Sends [value] on [ch] (a `null` channel never fires): `onSend(results, r) { "sent" }`. */
    public fun <T : Any> onSend(ch: SendChan<T>?, value: T, body: suspend () -> R) {
        builder.send(ch, value) { body }
    }

    /** Waits for [deferred] to succeed; its failure is thrown by the select: `onAwait(price) { p -> "price $p" }`. */
    public fun <T> onAwait(deferred: Deferred<T>, body: suspend (T) -> R) {
        builder.await(deferred) { v -> suspend { body(v) } }
    }

    /** Fires when [timeout] passes with no other clause ready; it saturates as every Weft timeout: `onTimeout(1.seconds) { "idle" }`. */
    public fun onTimeout(timeout: Duration, body: suspend () -> R) {
        onTimeout(timeout.toJavaDuration(), body)
    }

    /** As [onTimeout], with a [java.time.Duration]: `onTimeout(Duration.ofSeconds(1)) { "idle" }`. */
    public fun onTimeout(timeout: JavaDuration, body: suspend () -> R) {
        builder.timeout(timeout) { body }
    }

    /** Fires at once if no other clause is ready (Go's `default`): the select does not wait: `default { "nothing yet" }`. */
    public fun default(body: suspend () -> R) {
        builder.orElse { body }
    }

    /** Ends the select with [ctx]'s `ContextException` when it ends first (Go's `case <-ctx.Done()`): `context(ctx)`. */
    public fun context(ctx: Context) {
        builder.context(ctx)
    }

    /** Takes the first ready clause, in the order written, instead of one at random: `biased()` before the clauses. */
    public fun biased() {
        builder.biased()
    }
}
