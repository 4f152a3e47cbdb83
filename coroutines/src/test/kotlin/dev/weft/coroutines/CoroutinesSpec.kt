package dev.weft.coroutines

import dev.weft.chan.Chan
import dev.weft.chan.Sent
import dev.weft.sched.Goroutine
import dev.weft.sched.Scheduler
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import java.time.Duration
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicLong
import kotlin.random.Random

class CoroutinesSpec : FunSpec({
    val failures = ConcurrentLinkedQueue<Throwable>()

    fun scheduler(name: String): Scheduler =
        Scheduler.builder().name(name).uncaughtExceptionHandler { _, t -> failures.add(t) }.build()

    afterEach { failures.isEmpty() shouldBe true }

    test("a coroutine and a goroutine exchange a million values over one channel, checksums equal") {
        scheduler("exchange").use { s ->
            val toGoroutine = Chan.make<Long>(64)
            val back = Chan.make<Long>(64)
            val n = 1_000_000L
            val goroutineSum = AtomicLong()
            val echo = s.go("echo") {
                for (i in 1..n) {
                    val v = toGoroutine.recv()
                    goroutineSum.addAndGet(v)
                    if (i % 1000 == 0L) back.send(v)
                }
                back.close()
            }
            var backSum = 0L
            runBlocking(Dispatchers.Default) {
                launch { for (i in 1..n) toGoroutine.sendSuspending(i) }
                while (true) {
                    val r = back.recvOrClosedSuspending()
                    if (!r.isOk()) break
                    backSum += r.value()
                }
            }
            echo.join(Duration.ofSeconds(60)) shouldBe true
            goroutineSum.get() shouldBe n * (n + 1) / 2
            backSum shouldBe (1..n / 1000).sumOf { it * 1000 }
        }
    }

    test("cancelling a coroutine's receive loses nothing: every value is received or its send fails") {
        scheduler("cancel").use { s ->
            val ch = Chan.make<Int>()
            val got = ConcurrentLinkedQueue<Int>()
            val unsent = ConcurrentLinkedQueue<Int>()
            runBlocking(Dispatchers.Default) {
                for (i in 1..2_000) {
                    val receiver = launch { got.add(ch.recvSuspending()) }
                    val sender = s.go { if (!ch.send(i, Duration.ofMillis(20))) unsent.add(i) }
                    delay(Random.nextLong(0, 2))
                    receiver.cancelAndJoin()
                    sender.join(Duration.ofSeconds(30)) shouldBe true
                }
            }
            (got + unsent).sorted() shouldBe (1..2_000).toList()
        }
    }

    test("coroutines run on Weft's goroutines through the dispatcher") {
        scheduler("dispatched").use { s ->
            val g = runBlocking { withContext(s.asCoroutineDispatcher()) { Goroutine.current() } }
            g?.scheduler() shouldBeSameInstanceAs s
        }
    }

    test("receiveAsFlow shares a channel among collectors; consumeAsFlow is collected once and cancels it") {
        scheduler("flow-kinds").use { s ->
            val shared = Chan.make<Int>(8)
            s.go {
                for (i in 1..1000) shared.send(i)
                shared.close()
            }
            val got = runBlocking(Dispatchers.Default) {
                (1..2).map { async { shared.receiveAsFlow().toList() } }.awaitAll()
            }
            got.flatten().sorted() shouldBe (1..1000).toList()      // each value to one collector

            val once = Chan.make<Int>(8)
            val refused = java.util.concurrent.CompletableFuture<Boolean>()
            s.go {
                var i = 0
                while (once.sendOrClosed(++i) == Sent.SENT) {
                    // sends until the consumer cancels the channel
                }
                refused.complete(true)
            }
            val flow = once.consumeAsFlow()
            runBlocking { flow.take(3).toList() } shouldBe listOf(1, 2, 3)
            refused.get(30, java.util.concurrent.TimeUnit.SECONDS) shouldBe true
            shouldThrow<IllegalStateException> { runBlocking { flow.toList() } }

            val failed = Chan.make<Int>()
            failed.close(IllegalArgumentException("producer failed"))
            shouldThrow<IllegalArgumentException> { runBlocking { failed.receiveAsFlow().toList() } }
                .message shouldBe "producer failed"
        }
    }

    test("a channel as a flow and a flow into a channel") {
        scheduler("flows").use { s ->
            val ch = Chan.make<Int>(8)
            s.go {
                for (i in 1..1000) ch.send(i)
                ch.close()
            }
            runBlocking { ch.consumeAsFlow().toList() } shouldBe (1..1000).toList()

            runBlocking(Dispatchers.Default) {
                val fed = (1..100).asFlow().toChan(this)
                var sum = 0
                while (true) {
                    val r = fed.recvOrClosedSuspending()
                    if (!r.isOk()) break
                    sum += r.value()
                }
                sum shouldBe 5050
            }
        }
    }
})
