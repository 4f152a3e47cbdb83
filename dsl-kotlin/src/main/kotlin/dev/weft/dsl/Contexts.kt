package dev.weft.dsl

import dev.weft.context.CancelContext
import dev.weft.context.Context
import dev.weft.context.ContextException
import java.time.Instant
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * The context the calling goroutine (or thread) runs under: the innermost enclosing context
 * block, the one inherited from the goroutine that started this one, or [Context.background].
 *
 * ```
 * if (currentContext.err() != null) return     // the caller gave up
 * ```
 */
public val currentContext: Context
    get() = Context.current()

/**
 * Runs [block] under a new cancellable child of [currentContext], and cancels it when the block
 * is left, normally or not (Go's `ctx, cancel := context.WithCancel(parent); defer cancel()`).
 *
 * Inside the block, Weft's blocking operations (channel sends and receives, `select`, `sleep`,
 * the sync acquires) end with a [ContextException] once the context is cancelled, and goroutines
 * started with [go] run under it — kotlinx.coroutines' structured cancellation, on goroutines.
 *
 * ```
 * withCancel { ctx ->
 *     go { for (v in source) sink.send(v) }   // ends with ctx
 *     if (sink.recv() == STOP) ctx.cancel()
 * }
 * ```
 *
 * Weft's blocking operations park a goroutine; inside a kotlinx.coroutines coroutine they would
 * block its dispatcher thread instead.
 */
public inline fun <R> withCancel(crossinline block: (CancelContext) -> R): R =
    within(currentContext.withCancel()) { block(it) }

/**
 * Runs [block] under a child of [currentContext] that ends after [timeout] (Go's
 * `context.WithTimeout`); leaving the block cancels it. When the time runs out, the blocking
 * operation in progress throws a [ContextException] whose
 * [isDeadlineExceeded][ContextException.isDeadlineExceeded] is true, and it propagates out of
 * the block unless caught, as kotlinx's `withTimeout` throws. See [withTimeoutOrNull].
 *
 * ```
 * val reply = withTimeout(2.seconds) { replies.recv() }
 * ```
 */
public inline fun <R> withTimeout(timeout: Duration, crossinline block: (CancelContext) -> R): R =
    within(currentContext.withTimeout(timeout.toJavaDuration())) { block(it) }

/**
 * As [withTimeout], but returns `null` instead of throwing when this block's own deadline ends
 * it (kotlinx's `withTimeoutOrNull`). A cancellation from outside still throws.
 *
 * ```
 * val reply = withTimeoutOrNull(2.seconds) { replies.recv() } ?: "no reply"
 * ```
 */
public inline fun <R> withTimeoutOrNull(timeout: Duration, crossinline block: (CancelContext) -> R): R? {
    val ctx = currentContext.withTimeout(timeout.toJavaDuration())
    return try {
        within(ctx) { block(it) }
    } catch (e: ContextException) {
        if (e.isDeadlineExceeded && ctx.err() == Context.DEADLINE_EXCEEDED) null else throw e
    }
}

/**
 * Runs [block] under a child of [currentContext] that ends at [deadline]; leaving the block cancels it.
 *
 * ```
 * withDeadline(request.deadline) { answer(request) }
 * ```
 */
public inline fun <R> withDeadline(deadline: Instant, crossinline block: (CancelContext) -> R): R =
    within(currentContext.withDeadline(deadline)) { block(it) }

/**
 * Runs [block] under a child of [currentContext] that carries [value] under [key]; read it back
 * with `currentContext.value(key)`, here or in a goroutine started here.
 *
 * ```
 * val requestId = Context.Key<String>("request-id")
 * withValue(requestId, "r-42") { go { log(currentContext.value(requestId)) } }
 * ```
 */
public inline fun <T, R> withValue(key: Context.Key<T>, value: T, crossinline block: (Context) -> R): R {
    val ctx = currentContext.withValue(key, value)
    return ctx.get { block(ctx) }
}

/**
 * Runs [block] with this context current: every Weft wait inside it, and in every goroutine
 * started inside it, ends when this context does. Java's `ctx.run(…)`, under a name Kotlin does
 * not read as its own `run`.
 *
 * ```
 * Context.background().withTimeout(2.seconds).use { ctx -> ctx.bind { replies.recv() } }
 * ```
 */
public inline fun <R> Context.bind(crossinline block: () -> R): R = get { block() }

/** Runs [block] with [ctx] current, then cancels [ctx]. */
@PublishedApi
internal inline fun <R> within(ctx: CancelContext, crossinline block: (CancelContext) -> R): R =
    ctx.use { it.get { block(it) } }
