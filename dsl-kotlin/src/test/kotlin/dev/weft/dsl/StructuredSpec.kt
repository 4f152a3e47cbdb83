package dev.weft.dsl

import dev.weft.chan.Chan
import dev.weft.context.ContextException
import dev.weft.future.Promise
import dev.weft.sched.Scheduler
import dev.weft.supervise.Restart
import dev.weft.supervise.SupervisorEvent
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.concurrent.CompletionException
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlin.time.Duration.Companion.seconds

class StructuredSpec : FunSpec({
    test("async and await, and a deferred as a select clause") {
        val d = async { 6 * 7 }
        d.await(10.seconds) shouldBe 42
        val never = Chan<Int>()
        val p = Promise<String>()
        go { p.resolve("settled") }
        select<String> {
            onRecv(never) { "value" }
            onAwait(p) { it }
        } shouldBe "settled"
        val failed = async<Int> { error("boom") }
        shouldThrow<CompletionException> { failed.await() }.cause?.message shouldBe "boom"
    }

    test("scope waits for its goroutines, leaks none, and rethrows the first failure after cancelling the rest") {
        Scheduler.builder().name("kt-scope").build().use { s ->
            val sum = AtomicLong()
            s.run {
                scope(limit = 4) { for (i in 1..1_000) go { sum.addAndGet(i.toLong()) } }
            }
            sum.get() shouldBe 500_500L
            val cancelled = AtomicInteger()
            val boom = IllegalStateException("boom")
            val thrown = s.run {
                shouldThrow<IllegalStateException> {
                    scope {
                        repeat(5) {
                            go {
                                try {
                                    Chan<Int>().recv()
                                } catch (e: ContextException) {
                                    cancelled.incrementAndGet()
                                    throw e
                                }
                            }
                        }
                        go { throw boom }
                    }
                }
            }
            thrown shouldBeSameInstanceAs boom
            cancelled.get() shouldBe 5
            s.awaitQuiescence()
            s.goroutineCount() shouldBe 0
        }
    }

    test("a generator yields lazily and closes") {
        val produced = AtomicInteger()
        generator {
            var n = 0
            while (true) {
                produced.incrementAndGet()
                yield(n++)
            }
        }.use { g -> g.asSequence().take(5).toList() shouldBe listOf(0, 1, 2, 3, 4) }
        produced.get() shouldBe 5
    }

    test("an actor answers asks; a supervisor restarts a failing worker") {
        data class Get(val reply: Promise<Long>)
        val counter = actor<Long, Any>("counter", 0L) { total, msg ->
            when (msg) {
                is Long -> total + msg
                is Get -> total.also { msg.reply.resolve(it) }
                else -> total
            }
        }
        (1L..100L).forEach { counter.tell(it) }
        counter.ask<Any, Long>(10.seconds) { Get(it) } shouldBe 5_050L
        counter.stop(java.time.Duration.ofSeconds(10))

        val events = Chan.unbounded<SupervisorEvent>()
        val runs = AtomicInteger()
        val sup = supervisor("kt-sup") {
            intensity(5, 60.seconds)
            listener { events.send(it) }
            worker("flaky", Restart.TRANSIENT) {
                if (runs.incrementAndGet() < 3) error("not yet")
            }
        }
        var exits = 0
        while (exits < 3) {
            if (events.recv() is SupervisorEvent.ChildExited) exits++
        }
        runs.get() shouldBe 3                     // failed twice, restarted, then exited normally
        sup.stop()
    }
})
