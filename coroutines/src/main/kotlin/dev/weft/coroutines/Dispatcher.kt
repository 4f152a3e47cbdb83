package dev.weft.coroutines

import dev.weft.sched.Scheduler
import kotlinx.coroutines.CoroutineDispatcher
import kotlin.coroutines.CoroutineContext

/**
 * A coroutine dispatcher that runs each resumption of a coroutine as a goroutine of this
 * scheduler: coroutines run on Weft's workers beside goroutines, and a Weft blocking call made in
 * such a coroutine parks its goroutine, not a worker.
 *
 * ```
 * val weft = Scheduler.defaultScheduler().asCoroutineDispatcher()
 * runBlocking(weft) { launch { ch.send(1) } }
 * ```
 */
public fun Scheduler.asCoroutineDispatcher(): CoroutineDispatcher = WeftDispatcher(this)

private class WeftDispatcher(private val scheduler: Scheduler) : CoroutineDispatcher() {
    override fun dispatch(context: CoroutineContext, block: Runnable) {
        scheduler.go { block.run() }
    }

    override fun equals(other: Any?): Boolean = other is WeftDispatcher && other.scheduler === scheduler

    override fun hashCode(): Int = System.identityHashCode(scheduler)

    override fun toString(): String = "Weft[${scheduler.name()}]"
}
