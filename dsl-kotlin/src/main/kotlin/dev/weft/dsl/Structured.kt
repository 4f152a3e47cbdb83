package dev.weft.dsl

import dev.weft.coro.Generator
import dev.weft.future.Deferred
import dev.weft.scope.Scope
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * Runs [block] in a new goroutine and returns its result to come (kotlinx's `async`, on
 * goroutines): `val page = async { fetch(url) }; … page.await()`.
 */
public fun <T> async(block: () -> T): Deferred<T> = Deferred.async(block)

/**
 * Waits at most [timeout] for the value; throws [java.util.concurrent.TimeoutException] after it.
 *
 * ```
 * val page = async { fetch(url) }.await(5.seconds)
 * ```
 */
public fun <T> Deferred<T>.await(timeout: Duration): T = await(timeout.toJavaDuration())

/**
 * A structured block (Go's errgroup, kotlinx's `coroutineScope`): goroutines started with `go`
 * inside it run under the scope's context and cannot outlive the block; it returns after all
 * of them have ended, and the first failure cancels the others and is rethrown (later ones
 * attached as suppressed). With [limit], at most that many run at once.
 *
 * ```
 * val pages = Chan<Page>(urls.size)
 * scope(limit = 8) {
 *     for (url in urls) go { pages.send(fetch(url)) }
 * }
 * ```
 */
public fun <R> scope(limit: Int? = null, block: Scope.() -> R): R =
    Scope.open().use { s ->
        if (limit != null) s.limit(limit)
        val result = s.block()
        s.join()
        result
    }

/**
 * A generator: [body] `yield`s values lazily, read as an iterator or a sequence
 * (Kotlin's own `sequence { }` suspends instead; this one runs the body in a goroutine-backed
 * coroutine, so it may call Weft's blocking operations). Close it if you stop early.
 *
 * ```
 * generator { var n = 0; while (true) yield(n++) }.use { g -> g.asSequence().take(5).toList() }
 * ```
 */
public fun <T> generator(body: Generator.Yielder<T>.() -> Unit): Generator<T> = Generator.of { out -> out.body() }
