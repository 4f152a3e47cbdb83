package dev.weft.dsl

import dev.weft.chan.Received
import dev.weft.chan.RecvChan
import dev.weft.chan.Select
import dev.weft.chan.SelectCase
import dev.weft.chan.SendChan
import dev.weft.future.Deferred
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * The clauses of a [select]; each registers one case and the block that runs if it wins.
 * A clause on a `null` channel never fires (Go's nil channel).
 */
class SelectScope<R> internal constructor() {
    internal val cases = ArrayList<SelectCase<*>>()
    internal val handlers = ArrayList<(SelectCase<*>) -> R>()
    internal var timeout: Duration? = null
    internal var onTimeoutBlock: (() -> R)? = null
    internal var defaultBlock: (() -> R)? = null

    /**
     * Receives a value from [ch]. If [ch] is closed and drained the clause fires and throws
     * [dev.weft.chan.ChanClosedException], as kotlinx's `onReceive`; use [onRecvOrClosed] to
     * handle closing.
     */
    fun <T : Any> onRecv(ch: RecvChan<T>?, block: (T) -> R) {
        val case = SelectCase.recv(ch)
        cases += case
        handlers += { block(case.received().value()) }
    }

    /** Receives from [ch] or learns it is closed: Go's `v, ok := <-ch` as a clause. */
    fun <T : Any> onRecvOrClosed(ch: RecvChan<T>?, block: (Received<T>) -> R) {
        val case = SelectCase.recv(ch)
        cases += case
        handlers += { block(case.received()) }
    }

    /** Sends [value] to [ch]; a closed [ch] makes the select throw, as a send would. */
    fun <T : Any> onSend(ch: SendChan<T>?, value: T, block: () -> R) {
        cases += SelectCase.send(ch, value)
        handlers += { block() }
    }

    /**
     * Fires when [deferred] settles, with its value; its failure is rethrown from the select
     * (as [Deferred.await] would). kotlinx's `onAwait`.
     */
    fun <T> onAwait(deferred: Deferred<T>, block: (T) -> R) {
        val case = SelectCase.recv(deferred.done())
        cases += case
        handlers += { block(deferred.poll().getOrThrow()) }
    }

    /** Fires if no other clause can complete within [timeout] (Go's `case <-time.After(d)`). */
    fun onTimeout(timeout: Duration, block: () -> R) {
        this.timeout = timeout
        onTimeoutBlock = block
    }

    /** Fires at once if no other clause is ready: Go's `default`, which makes the select non-blocking. */
    fun default(block: () -> R) {
        defaultBlock = block
    }
}

/**
 * Go's `select` with kotlinx's clause syntax: waits until one clause can complete, completes
 * exactly that one and returns its block's result. Ready clauses are chosen uniformly at random.
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
fun <R> select(clauses: SelectScope<R>.() -> Unit): R {
    val scope = SelectScope<R>().apply(clauses)
    val cases = scope.cases.toTypedArray()
    val timeout = scope.timeout
    val index = when {
        scope.defaultBlock != null -> Select.trySelect(*cases)
        timeout != null -> Select.select(timeout.toJavaDuration(), *cases)
        else -> Select.select(*cases)
    }
    if (index >= 0) {
        return scope.handlers[index](cases[index])
    }
    val fallback = scope.defaultBlock ?: scope.onTimeoutBlock
        ?: error("select returned no case without a default or timeout clause")
    return fallback()
}

/**
 * Go's `for { select { … } }`, as kotlinx's `whileSelect`: selects again as long as the
 * chosen clause returns true.
 */
fun whileSelect(clauses: SelectScope<Boolean>.() -> Unit) {
    while (select(clauses)) {
        // the chosen clause said: go on
    }
}
