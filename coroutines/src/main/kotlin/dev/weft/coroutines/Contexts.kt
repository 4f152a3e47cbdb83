package dev.weft.coroutines

import dev.weft.context.CancelContext
import dev.weft.context.Context
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.job

/**
 * A Weft context, a child of [parent], that is cancelled when this scope's job completes or is
 * cancelled: goroutines started under it (`ctx.bind { go { … } }`, `Weft.go` inside `ctx.run`)
 * and every Weft wait under it end with the coroutines. The cause of a cancelled job is the
 * context's [cause][Context.cause]. Cancel it yourself (it is [AutoCloseable]) to end it sooner.
 *
 * ```
 * coroutineScope {
 *     val ctx = weftContext()
 *     ctx.run { Weft.go { for (v in source) sink.send(v) } }   // ends when this scope does
 * }
 * ```
 */
public fun CoroutineScope.weftContext(parent: Context = Context.background()): CancelContext {
    val ctx = Context.withCancel(parent)
    val job = coroutineContext[Job]
    if (job != null) {
        val handle = job.invokeOnCompletion { cause -> if (cause != null) ctx.cancel(cause) else ctx.cancel() }
        Context.afterFunc(ctx) { handle.dispose() }   // a context cancelled first lets the job go
    }
    return ctx
}

/**
 * Runs [block] in a new coroutine scope that is cancelled when [ctx] ends (Go's
 * `context.AfterFunc(ctx, cancel)`): the Weft context bounds the coroutines. The scope's
 * cancellation carries the context's `ContextException`-style reason as its cause.
 *
 * ```
 * Context.background().withTimeout(Duration.ofSeconds(2)).use { ctx ->
 *     withWeftContext(ctx) { ch.recvSuspending() }   // cancelled after 2 s
 * }
 * ```
 */
public suspend fun <T> withWeftContext(ctx: Context, block: suspend CoroutineScope.() -> T): T = coroutineScope {
    val job = coroutineContext.job
    val stop = Context.afterFunc(ctx) {
        job.cancel(CancellationException("Weft context ended: " + ctx.err()?.message, ctx.cause()))
    }
    try {
        block()
    } finally {
        stop.stop()
    }
}
