package dev.weft.dsl

import dev.weft.sched.Goroutine
import dev.weft.sched.Scheduler
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.concurrent.atomic.AtomicLong

class GoSpec : FunSpec({
    val failures = GoroutineFailures()
    extension(failures)

    test("go starts goroutines on the caller's scheduler, named or not") {
        Scheduler.builder().name("kt").workers(2).uncaughtExceptionHandler(failures).build().use { s ->
            val sum = AtomicLong()
            val parent = s.go("parent") {
                val children = (1..1000).map { k -> go { sum.addAndGet(k.toLong()) } }
                children.forEach { it.join() }
                Goroutine.current()?.name() shouldBe "parent"
                children.first().scheduler() shouldBeSameInstanceAs s
            }
            parent.join()
            parent.isDone shouldBe true
            sum.get() shouldBe 500_500L
            s.stats().spawned() shouldBe 1001L
        }
    }

    test("go from a platform thread uses the default scheduler") {
        val g = go("from-kotlin") { }
        g.join()
        g.name() shouldBe "from-kotlin"
        g.scheduler() shouldBeSameInstanceAs Scheduler.defaultScheduler()
    }
})
