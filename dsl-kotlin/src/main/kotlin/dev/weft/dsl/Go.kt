package dev.weft.dsl

import dev.weft.Weft
import dev.weft.sched.Goroutine

/**
 * Starts a goroutine running [block]: Go's `go` statement.
 *
 * It runs on the scheduler of the goroutine that calls it, or on the default scheduler when
 * called from a platform thread (see [Weft.go]). On an explicit scheduler, its member
 * `scheduler.go("name") { … }` reads the same way.
 *
 * ```
 * val g = go("worker") { println("hello from ${Goroutine.current()?.name()}") }
 * g.join()
 * ```
 *
 * Weft's blocking operations park a goroutine; called from inside a kotlinx.coroutines
 * coroutine they would block its dispatcher thread instead. Start a goroutine for them.
 *
 * @param name the goroutine's name, or `null` for `goroutine-<id>`
 */
public fun go(name: String? = null, block: () -> Unit): Goroutine =
    if (name == null) Weft.go(block) else Weft.go(name, block)
