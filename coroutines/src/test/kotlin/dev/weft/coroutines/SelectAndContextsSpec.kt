package dev.weft.coroutines

import dev.weft.chan.Chan
import dev.weft.context.Context
import dev.weft.context.ContextException
import dev.weft.sched.Scheduler
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import java.time.Duration
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.random.Random
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class SelectAndContextsSpec : FunSpec({
    val failures = ConcurrentLinkedQueue<Throwable>()

    fun scheduler(name: String): Scheduler =
        Scheduler.builder().name(name).uncaughtExceptionHandler { _, t -> failures.add(t) }.build()

    afterEach { failures.isEmpty() shouldBe true }

    test("a suspending select takes the clause that becomes ready and runs its body in the coroutine") {
        scheduler("select").use { s ->
            val ch = Chan.make<Int>()
            val other = Chan.make<Int>()
            s.go { ch.send(21) }
            runBlocking {
                val caller = Thread.currentThread()
                val got = selectSuspending<Int> {
                    onRecv(other) { -1 }
                    onRecv(ch) { v ->
                        Thread.currentThread() shouldBeSameInstanceAs caller
                        v * 2
                    }
                    onTimeout(30.seconds) { -2 }
                }
                got shouldBe 42
            }
        }
    }

    test("a suspending select times out, and with a default does not wait") {
        val never = Chan.make<Int>()
        runBlocking {
            selectSuspending<String> { onRecv(never) { "value" }; onTimeout(20.milliseconds) { "idle" } } shouldBe "idle"
            selectSuspending<String> { onRecv(never) { "value" }; default { "nothing ready" } } shouldBe "nothing ready"
        }
    }

    test("ten thousand suspending selects wait on one thread with no goroutine, and a close ends them all") {
        val ch = Chan.make<Int>()
        val other = Chan.make<Int>()
        val spawnedBefore = Scheduler.defaultScheduler().stats().spawned()
        runBlocking {
            val closed = (1..10_000).map {
                async { selectSuspending<Boolean> { onRecvOrClosed(ch) { it.isClosed() }; onRecv(other) { false } } }
            }
            yield()                                      // every select is queued on both channels by now
            Scheduler.defaultScheduler().stats().spawned() shouldBe spawnedBefore
            ch.close()
            closed.awaitAll().all { it } shouldBe true
        }
        other.trySend(1) shouldBe false                  // no select is left waiting on the other channel
    }

    test("cancelling a suspending select loses nothing: every value is received or its send fails") {
        scheduler("select-cancel").use { s ->
            val ch = Chan.make<Int>()
            val got = ConcurrentLinkedQueue<Int>()
            val unsent = ConcurrentLinkedQueue<Int>()
            runBlocking(Dispatchers.Default) {
                for (i in 1..1_000) {
                    val receiver = launch {
                        selectSuspending<Unit> { onRecv(ch) { got.add(it) }; onTimeout(30.seconds) { } }
                    }
                    val sender = s.go { if (!ch.send(i, Duration.ofMillis(20))) unsent.add(i) }
                    delay(Random.nextLong(0, 2))
                    receiver.cancelAndJoin()
                    sender.join(Duration.ofSeconds(30)) shouldBe true
                }
            }
            (got + unsent).sorted() shouldBe (1..1_000).toList()
        }
    }

    test("a Weft context from a coroutine scope ends when the scope is cancelled, and its goroutines' waits with it") {
        scheduler("linked").use { s ->
            val ended = CompletableFuture<Throwable>()
            runBlocking(Dispatchers.Default) {
                val started = CompletableDeferred<Unit>()
                val job = launch {
                    val ctx = weftContext()
                    ctx.run {
                        s.go {
                            try {
                                started.complete(Unit)
                                Chan.make<Int>().recv()              // nobody sends: only the context ends it
                            } catch (e: Throwable) {
                                ended.complete(e)
                            }
                        }
                    }
                    awaitCancellation()
                }
                started.await()
                job.cancelAndJoin()
            }
            ended.get(30, TimeUnit.SECONDS).shouldBeInstanceOf<ContextException>()
        }
    }

    test("a coroutine scope under a Weft context is cancelled when the context ends") {
        Context.background().withTimeout(Duration.ofMillis(50)).use { ctx ->
            runBlocking {
                val e = shouldThrow<CancellationException> {
                    withWeftContext(ctx) { awaitCancellation() }
                }
                e.message shouldBe "Weft context ended: context deadline exceeded"
            }
        }
        runBlocking {
            withWeftContext(Context.background()) { coroutineScope { 7 } } shouldBe 7
        }
    }
})
