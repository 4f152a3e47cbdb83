package dev.weft.dsl

import dev.weft.chan.ChanClosedException
import dev.weft.context.Context
import dev.weft.context.ContextException
import dev.weft.sched.Scheduler
import dev.weft.sync.Mutex
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class ProduceSpec : FunSpec({
    val failures = GoroutineFailures()
    extension(failures)

    test("produce sends what its block yields and closes the channel when the block returns") {
        val squares = produce(capacity = 4) { for (i in 1..100) send(i * i) }
        var sum = 0L
        for (s in squares) sum += s
        sum shouldBe (1..100).sumOf { it.toLong() * it }
        squares.isClosedForReceive shouldBe true
    }

    test("a producer that throws closes the channel with its exception as the cause") {
        val boom = IllegalStateException("boom")
        val ch = produce<Int> {
            send(1)
            throw boom
        }
        ch.recv() shouldBe 1
        val closed = shouldThrow<ChanClosedException> { ch.recv() }
        closed.cause shouldBeSameInstanceAs boom
    }

    test("a receiver that cancels ends the producer quietly") {
        Scheduler.builder().name("producing").uncaughtExceptionHandler(failures).build().use { s ->
            s.go {
                val ch = produce { var i = 0; while (true) send(i++) }   // on this goroutine's scheduler
                ch.recv() shouldBe 0
                ch.cancel()
            }
            s.awaitQuiescence(30.seconds) shouldBe true   // the producer has ended too
        }
        // GoroutineFailures fails the spec if the producer's end reached the uncaught handler.
    }

    test("bind runs a block under a context, and its waits end with it") {
        val held = Mutex()
        held.lock()
        Context.background().withTimeout(20.milliseconds).use { ctx ->
            shouldThrow<ContextException> { ctx.bind { held.lock() } }
        }
        Context.background().bind { currentContext } shouldBeSameInstanceAs Context.background()
    }
})
