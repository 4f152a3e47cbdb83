package dev.weft.coroutines

import dev.weft.chan.Chan
import dev.weft.future.Promise
import dev.weft.sched.Scheduler
import dev.weft.sync.Mutex
import dev.weft.sync.Semaphore
import dev.weft.sync.WaitGroup
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/** The suspending forms of Weft's sync waits, futures and joins: they suspend, never block. */
class SuspendingWaitsSpec : FunSpec({
    val failures = ConcurrentLinkedQueue<Throwable>()

    fun scheduler(name: String): Scheduler =
        Scheduler.builder().name(name).uncaughtExceptionHandler { _, t -> failures.add(t) }.build()

    afterEach { failures.isEmpty() shouldBe true }

    test("each wait suspends, leaving its coroutine's one thread to the coroutine that ends it") {
        scheduler("sync").use { s ->
            val mu = Mutex()
            val slots = Semaphore(1)
            val wg = WaitGroup()
            val price = Promise<Int>()
            val held = Chan.make<Unit>()
            val release = Chan.make<Unit>()
            val holder = s.go {
                mu.lock()
                slots.acquire(1)
                wg.add(1)
                held.send(Unit)
                release.recv()
                mu.unlock()
                slots.release(1)
                wg.done()
                price.resolve(7)
            }
            val seen = ConcurrentLinkedQueue<String>()
            // One thread for every coroutine: had a wait blocked it, `release` would never be sent.
            val loop = thread(name = "one-thread-loop") {
                runBlocking {
                    held.recvSuspending()
                    val waits = launch {
                        mu.lockSuspending()
                        mu.unlock()
                        seen.add("mutex")
                        slots.acquireSuspending()
                        slots.release(1)
                        seen.add("semaphore")
                        wg.awaitSuspending()
                        seen.add("wait group")
                        seen.add("deferred ${price.awaitSuspending()}")
                        holder.joinSuspending()
                        seen.add("join")
                    }
                    yield()                          // the waits coroutine runs up to its first wait
                    release.sendSuspending(Unit)
                    waits.join()
                }
            }
            loop.join(TimeUnit.SECONDS.toMillis(30))
            (if (loop.isAlive) "the one thread is stuck\n" + s.dump() else "") shouldBe ""
            seen.toList() shouldBe listOf("mutex", "semaphore", "wait group", "deferred 7", "join")
        }
    }

    test("a cancelled wait has no effect: the mutex and the permits it waited for stay free") {
        val mu = Mutex()
        val slots = Semaphore(2)
        val never = Promise<Int>()
        mu.lock()
        slots.acquire(2)
        runBlocking(Dispatchers.Default) {
            listOf(
                launch { mu.lockSuspending(); failures.add(AssertionError("locked after being cancelled")) },
                launch { slots.acquireSuspending(2); failures.add(AssertionError("acquired after being cancelled")) },
                launch { never.awaitSuspending(); failures.add(AssertionError("awaited a promise never resolved")) },
            ).forEach { it.cancelAndJoin() }
        }
        mu.unlock()
        slots.release(2)
        mu.tryLock() shouldBe true
        slots.tryAcquire(2) shouldBe true
        never.done().tryRecv().isNotReady() shouldBe true
    }
})
