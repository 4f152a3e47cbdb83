package dev.weft.dsl

import dev.weft.chan.Chan
import dev.weft.context.Context
import dev.weft.context.ContextException
import dev.weft.sched.Scheduler
import dev.weft.supervise.ChildSpec
import dev.weft.sync.Barrier
import dev.weft.sync.Mutex
import dev.weft.sync.RWMutex
import dev.weft.sync.Semaphore
import dev.weft.sync.WaitGroup
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.TimeoutException
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** Every timed wait takes a kotlin.time.Duration: a short one expires, a long one waits for the event. */
class TimeoutsSpec : FunSpec({
    val failures = GoroutineFailures()
    extension(failures)

    test("goroutines and schedulers: join and await with kotlin.time") {
        Scheduler.builder().name("kt-timeouts").workers(2).timeSlice(5.milliseconds)
            .uncaughtExceptionHandler(failures).build().use { s ->
                val release = Chan.make<Int>()
                val g = s.go("waiting") { release.recv() }
                g.join(20.milliseconds) shouldBe false
                s.awaitQuiescence(Duration.ZERO) shouldBe false
                release.send(1)
                g.join(30.seconds) shouldBe true
                s.awaitQuiescence(30.seconds) shouldBe true
                s.shutdown()
                s.awaitTermination(Duration.INFINITE) shouldBe true
            }
    }

    test("sync: a held lock, a full semaphore, an unfinished group and barrier time out") {
        val mu = Mutex()
        val rw = RWMutex()
        val sem = Semaphore(1)
        val wg = WaitGroup()
        wg.add(1)
        val holder = go {
            mu.lock()
            rw.lock()
            sem.acquire(1)
        }
        holder.join(30.seconds) shouldBe true
        mu.tryLock(10.milliseconds) shouldBe false
        rw.tryLock(10.milliseconds) shouldBe false
        rw.tryRLock((-1).seconds) shouldBe false
        sem.tryAcquire(1, 10.milliseconds) shouldBe false
        wg.await(10.milliseconds) shouldBe false
        Barrier(2).await(10.milliseconds) shouldBe -1
        val cond = mu.newCond()
        mu.unlock()
        mu.tryLock(Duration.INFINITE) shouldBe true
        cond.await(10.milliseconds) shouldBe false
        mu.unlock()
        wg.done()
        wg.await(Duration.INFINITE) shouldBe true
    }

    test("contexts, futures, actors and child specs") {
        val held = Mutex()
        held.lock()
        Context.background().withTimeout(20.milliseconds).use { ctx ->
            shouldThrow<ContextException> { held.lock(ctx) }
        }
        shouldThrow<TimeoutException> { async { Chan.make<Int>().recv() }.await(10.milliseconds) }
        val counter = actor("counter", 0) { n: Int, _: Unit -> n + 1 }
        counter.stop(30.seconds) shouldBe true
        ChildSpec.worker("w") { }.shutdown(3.seconds).shutdown() shouldBe java.time.Duration.ofSeconds(3)
    }
})
