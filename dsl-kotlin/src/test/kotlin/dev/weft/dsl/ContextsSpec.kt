package dev.weft.dsl

import dev.weft.chan.Chan
import dev.weft.context.Context
import dev.weft.context.ContextException
import dev.weft.sched.Goroutine
import dev.weft.sync.Mutex
import dev.weft.sync.Semaphore
import dev.weft.sync.WaitGroup
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.time.Instant
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class ContextsSpec : FunSpec({
    test("withTimeout ends a blocked receive with deadline exceeded, and the block's context ends with it") {
        val never = Chan<Int>()
        var inside: Context? = null
        val e = shouldThrow<ContextException> {
            withTimeout(30.milliseconds) { ctx ->
                inside = ctx
                currentContext shouldBeSameInstanceAs ctx
                never.recv()
            }
        }
        e.isDeadlineExceeded.shouldBeTrue()
        inside?.isDone?.shouldBeTrue()
        currentContext shouldBeSameInstanceAs Context.background()
    }

    test("withTimeoutOrNull gives null on its own deadline and the value otherwise") {
        val never = Chan<Int>()
        withTimeoutOrNull(20.milliseconds) { never.recv() }.shouldBeNull()
        val ready = Chan<Int>(1)
        ready.send(5)
        withTimeoutOrNull(10.seconds) { ready.recv() } shouldBe 5
    }

    test("leaving withCancel cancels it, and a goroutine started inside inherits the context") {
        val never = Chan<Int>()
        val started = Chan<Context>(1)                    // the child's context, asserted here:
        lateinit var child: Goroutine                      // an assertion failing in the goroutine
        val outcome = Chan<String>(1)                      // would only be logged
        val ctx = withCancel { ctx ->
            child = go("child") {
                started.send(currentContext)
                try {
                    never.recv()
                    outcome.send("received")
                } catch (e: ContextException) {
                    outcome.send(if (e.isDeadlineExceeded) "deadline" else "cancelled")
                }
            }
            started.recv() shouldBeSameInstanceAs ctx
            ctx
        }
        ctx.isDone.shouldBeTrue()
        outcome.recv() shouldBe "cancelled"
        child.join(java.time.Duration.ofSeconds(30)).shouldBeTrue()
    }

    test("cancelling inside the block ends the sleep, select and lock waits that follow") {
        val held = Mutex()
        held.lock()
        withCancel { ctx ->
            ctx.cancel()
            shouldThrow<ContextException> { sleep(30.seconds) }
            shouldThrow<ContextException> { held.withLock { } }
            shouldThrow<ContextException> { select<Unit> { onRecv(Chan<Int>()) { } } }
        }
        held.unlock()
        held.isLocked.shouldBeFalse()
    }

    test("withDeadline and withValue nest: values are found, the earlier deadline wins") {
        val user = Context.Key<String>("user")
        withValue(user, "ann") {
            withDeadline(Instant.now().plusSeconds(60)) { ctx ->
                currentContext.value(user) shouldBe "ann"
                ctx.deadline().isPresent.shouldBeTrue()
                val seen = Chan<String>(1)
                go { seen.send(currentContext.value(user) ?: "none") }
                seen.recv() shouldBe "ann"
            }
        }
        currentContext.value(user).shouldBeNull()
    }

    test("WaitGroup.go, Semaphore.withPermits and Mutex.withLock keep a checksum") {
        val wg = WaitGroup()
        val mu = Mutex()
        val sem = Semaphore(3)
        val inside = AtomicInteger()
        var maxInside = 0
        var sum = 0L
        for (i in 1..1_000) {
            wg.go {
                sem.withPermits {
                    val now = inside.incrementAndGet()
                    mu.withLock {
                        sum += i
                        if (now > maxInside) maxInside = now
                    }
                    inside.decrementAndGet()
                }
            }
        }
        wg.await()
        mu.withLock { sum } shouldBe 500_500L
        (maxInside <= 3).shouldBeTrue()
        sem.available() shouldBe 3
    }

    test("timers and tickers take kotlin durations") {
        after(5.milliseconds).recv()
        val t = timer(10.seconds)
        t.stop().shouldBeTrue()
        val tick = ticker(2.milliseconds)
        tick.c().recv()
        tick.c().recv()
        tick.stop()
        val fired = Chan<Unit>(1)
        afterFunc(1.milliseconds) { fired.send(Unit) }
        fired.recv()
    }
})
