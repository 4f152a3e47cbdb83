package dev.weft.examples

import dev.weft.dsl.*
import dev.weft.sched.Scheduler
import kotlin.time.Duration.Companion.seconds

/** The README's hello world in Kotlin: a goroutine sends, main selects with a timeout. */
object KotlinHello {
    @JvmStatic
    fun main(args: Array<String>): Unit = Scheduler.builder().name("hello").build().use { s ->
        s.run {
            val ch = Chan<String>()
            go { ch.send("hello from a goroutine") }
            println(select<String> { onRecv(ch) { it }; onTimeout(1.seconds) { "nobody came" } })
        }
    }
}
