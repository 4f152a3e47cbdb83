package dev.weft.dsl

import dev.weft.chan.BufferOverflow
import dev.weft.chan.Chan
import dev.weft.chan.ChanClosedException
import dev.weft.chan.Select
import dev.weft.chan.SelectCase
import dev.weft.chan.SendChan
import dev.weft.context.Context
import dev.weft.context.ContextException
import dev.weft.sched.Scheduler
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.milliseconds

class ChannelsSpec : FunSpec({
    test("Chan<T>(capacity) makes a core channel and for-in drains it until closed") {
        val ch = Chan<Int>(3)
        ch.cap() shouldBe 3
        Scheduler.builder().name("kt-chan").build().use { s ->
            s.go {
                for (i in 1..10) ch.send(i)
                ch.close()
            }
            val got = mutableListOf<Int>()
            for (v in ch) got += v
            got shouldContainExactly (1..10).toList()
        }
    }

    test("select runs the block of the clause that completed") {
        val a = Chan<Int>(1)
        val b = Chan<String>(1)
        b.send("hello")
        val r = select<String> {
            onRecv(a) { "a:$it" }
            onRecv(b) { "b:$it" }
        }
        r shouldBe "b:hello"
        val sent = select<Boolean> {
            onSend(a, 42) { true }
        }
        sent shouldBe true
        a.recv() shouldBe 42
    }

    test("default fires when nothing is ready; onTimeout when nothing comes in time") {
        val never = Chan<Int>()
        select<String> {
            onRecv(never) { "value" }
            default { "nothing ready" }
        } shouldBe "nothing ready"
        select<String> {
            onRecv(never) { "value" }
            onTimeout(20.milliseconds) { "timed out" }
        } shouldBe "timed out"
        never.recv(5.milliseconds).isNotReady shouldBe true
        never.send(1, 5.milliseconds) shouldBe false
    }

    test("onRecvOrClosed sees closing; onRecv on a closed channel throws") {
        val ch = Chan<Int>()
        ch.close(IllegalStateException("done"))
        val r = select { onRecvOrClosed(ch) { it } }
        r.isClosed shouldBe true
        r.cause()?.message shouldBe "done"
        shouldThrow<ChanClosedException> { select<Int> { onRecv(ch) { it } } }
    }

    test("select follows the core's rules: context clause, empty select, default with timeout, biased") {
        val never = Chan<Int>()
        val ended = Context.background().withCancel()
        ended.cancel()
        shouldThrow<ContextException> { select<String> { onRecv(never) { "value" }; context(ended) } }
        val ctx = Context.background().withTimeout(java.time.Duration.ofMillis(10))
        shouldThrow<ContextException> { ctx.get { select<Unit> { } } }       // Go's select {}: waits until cancelled
        shouldThrow<IllegalStateException> { select<String> { default { "d" }; onTimeout(1.milliseconds) { "t" } } }
        val first = Chan<Int>(10)
        val second = Chan<Int>(10)
        repeat(10) { first.send(it); second.send(it) }
        repeat(10) { select<String> { onRecv(first) { "first" }; onRecv(second) { "second" }; biased() } shouldBe "first" }
    }

    test("Chan(capacity, overflow, onUndeliveredElement) builds the core's channel with its options") {
        val dropped = mutableListOf<Int>()
        val ch = Chan<Int>(1, BufferOverflow.DROP_OLDEST) { dropped += it }
        for (i in 1..3) ch.send(i)
        ch.recv() shouldBe 3
        dropped shouldContainExactly listOf(1, 2)
        shouldThrow<IllegalArgumentException> { Chan<Int>(0, BufferOverflow.DROP_LATEST) }
    }

    test("whileSelect loops until a clause returns false, over nil and live channels") {
        val data = Chan<Int>()
        val quit = Chan<Unit>()
        val nothing: Chan<Int>? = null
        var sum = 0
        Scheduler.builder().build().use { s ->
            s.go {
                (1..5).forEach { data.send(it) }   // each send completes before the next starts,
                quit.send(Unit)                    // so quit comes after every value
            }
            whileSelect {
                onRecv(nothing) { false }
                onRecv(data) { sum += it; true }
                onRecv(quit) { false }
            }
        }
        sum shouldBe 15
    }

    test("a channel made in Kotlin is the core type Java uses") {
        val ch = Chan<String>(1)
        val send: SendChan<String> = ch                      // the core's interfaces, as Java sees them
        send.trySend("from Kotlin") shouldBe true
        val fromJava = SelectCase.recv(ch)
        Select.trySelect(fromJava) shouldBe 0               // the core's select takes it unchanged
        fromJava.received().value() shouldBe "from Kotlin"
        Chan<String>().cap() shouldBe 0
    }
})
