package dev.weft.dsl

import dev.weft.chan.Received
import dev.weft.chan.RecvChan
import dev.weft.chan.SendChan
import dev.weft.context.Context
import dev.weft.future.Deferred
import dev.weft.select.SelectBuilder
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * The clauses of a [select]: kotlinx's clause names over the core's
 * [SelectBuilder], whose rules they follow (see there). A clause on a `null` channel never
 * fires (Go's nil channel).
 */
public class SelectScope<R> internal constructor() {
    internal val builder: SelectBuilder<R> = SelectBuilder.select()

    /**
     * Receives a value from [ch]. If [ch] is closed and drained the clause fires and throws
     * [dev.weft.chan.ChanClosedException], as kotlinx's `onReceive`; use [onRecvOrClosed] to
     * handle closing: `onRecv(jobs) { job -> "job $job" }`.
     */
    public fun <T : Any> onRecv(ch: RecvChan<T>?, block: (T) -> R) {
        builder.recv(ch) { block(it) }
    }

    /** Receives from [ch] or learns it is closed: Go's `v, ok := <-ch` as a clause: `onRecvOrClosed(jobs) { r -> r.isOk() }`. */
    public fun <T : Any> onRecvOrClosed(ch: RecvChan<T>?, block: (Received<T>) -> R) {
        builder.recvOrClosed(ch) { block(it) }
    }

    /** Sends [value] to [ch]; a closed [ch] makes the select throw, as a send would: `onSend(results, r) { "sent" }`. */
    public fun <T : Any> onSend(ch: SendChan<T>?, value: T, block: () -> R) {
        builder.send(ch, value) { block() }
    }

    /**
     * Fires when [deferred] settles, with its value; its failure is rethrown from the select
     * (as [Deferred.await] would). kotlinx's `onAwait`: `onAwait(price) { p -> "price $p" }`.
     */
    public fun <T> onAwait(deferred: Deferred<T>, block: (T) -> R) {
        builder.await(deferred) { block(it) }
    }

    /**
     * Fires if no other clause can complete within [timeout] (Go's `case <-time.After(d)`): at
     * once if it is zero or negative, never if it is [Duration.INFINITE]: `onTimeout(1.seconds) { "idle" }`.
     */
    public fun onTimeout(timeout: Duration, block: () -> R) {
        builder.timeout(timeout.toJavaDuration()) { block() }
    }

    /** Fires at once if no other clause is ready: Go's `default`, which makes the select non-blocking: `default { "nothing yet" }`. */
    public fun default(block: () -> R) {
        builder.orElse { block() }
    }

    /** Ends the select with [ctx]'s [dev.weft.context.ContextException] when it ends (Go's `case <-ctx.Done()`): `context(ctx)`. */
    public fun context(ctx: Context) {
        builder.context(ctx)
    }

    /** Makes the select biased: of several ready clauses, the first written wins (kotlinx's `select`): `biased()` before the clauses. */
    public fun biased() {
        builder.biased()
    }
}

/**
 * Go's `select` with kotlinx's clause syntax: waits until one clause can complete, completes
 * exactly that one and returns its block's result. Ready clauses are chosen uniformly at random.
 * The rules are the core [SelectBuilder]'s; a `select { }` with no clause waits for ever, as
 * Go's `select {}`.
 *
 * ```
 * val msg = select<String> {
 *     onRecv(jobs) { j -> "job $j" }
 *     onSend(results, r) { "sent" }
 *     onTimeout(1.seconds) { "idle" }
 * }
 * ```
 *
 * This blocks the calling thread (parks it, in a goroutine). It is not kotlinx's suspending
 * `select`: inside a kotlinx.coroutines coroutine it would block the dispatcher's thread.
 */
public fun <R> select(clauses: SelectScope<R>.() -> Unit): R = SelectScope<R>().apply(clauses).builder.run()

/**
 * Go's `for { select { … } }`, as kotlinx's `whileSelect`: selects again as long as the
 * chosen clause returns true.
 *
 * ```
 * whileSelect {
 *     onRecv(jobs) { handle(it); true }
 *     onRecv(quit) { false }
 * }
 * ```
 */
public fun whileSelect(clauses: SelectScope<Boolean>.() -> Unit) {
    while (select(clauses)) {
        // the chosen clause said: go on (the clauses are evaluated afresh each time, as kotlinx's)
    }
}
