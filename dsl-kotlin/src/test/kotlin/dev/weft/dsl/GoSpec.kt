package dev.weft.dsl

import dev.weft.chan.Chan
import dev.weft.sched.Goroutine
import dev.weft.sched.Scheduler
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
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

    test("the dump names where a goroutine started by go { } was started") {
        Scheduler.builder().name("kt-dump").workers(1).uncaughtExceptionHandler(failures).build().use { s ->
            val never = Chan.make<Int>(0)
            val child = CompletableFuture<Goroutine>()
            val parent = s.go("parent") {
                child.complete(go("child") { never.recv() })
                never.recv()
            }
            try {
                val c = child.get(30, TimeUnit.SECONDS)
                val deadline = System.nanoTime() + 30_000_000_000L
                while (c.info().waitingOn().isEmpty() || parent.info().waitingOn().isEmpty()) {
                    check(System.nanoTime() < deadline) { "the goroutines have not parked after 30 s\n" + s.dump() }
                    Thread.onSpinWait()
                }
                val dump = s.dump()
                val createdBy = dump.substringAfter("goroutine ${c.id()} \"child\"").substringBefore("\n\n").trim().lines().last()
                withClue(dump) {
                    createdBy shouldStartWith "created by dev.weft.dsl.GoSpec"
                    createdBy shouldEndWith " in goroutine ${parent.id()}"
                }
            } finally {
                s.shutdownNow()              // a failed assertion must not leave close() waiting on them
            }
        }
    }
})
