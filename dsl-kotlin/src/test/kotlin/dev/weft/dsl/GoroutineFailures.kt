package dev.weft.dsl

import dev.weft.sched.Goroutine
import io.kotest.core.extensions.TestCaseExtension
import io.kotest.core.test.TestCase
import io.kotest.engine.test.TestResult
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.function.BiConsumer

/**
 * Makes a goroutine's failure fail the Kotest test that started it: a scheduler's handler only
 * logs by default, so an assertion failing inside a goroutine would leave the test green. Give
 * the spec's schedulers this handler and register it with `extension(...)`; each test then
 * fails with every goroutine failure recorded while it ran, each naming its goroutine.
 */
class GoroutineFailures : TestCaseExtension, BiConsumer<Goroutine, Throwable> {
    private val failures = ConcurrentLinkedQueue<Throwable>()

    override fun accept(g: Goroutine, t: Throwable) {
        failures.add(AssertionError("goroutine ${g.id()} \"${g.name()}\" failed: $t", t))
    }

    override suspend fun intercept(testCase: TestCase, execute: suspend (TestCase) -> TestResult): TestResult {
        val result = execute(testCase)
        val first = failures.peek() ?: return result
        val e = AssertionError("${failures.size} goroutine(s) failed; the first: ${first.message}")
        failures.forEach(e::addSuppressed)
        failures.clear()
        return TestResult.Failure(result.duration, e)
    }
}
