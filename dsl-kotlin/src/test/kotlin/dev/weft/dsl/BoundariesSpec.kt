package dev.weft.dsl

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.io.PrintWriter
import java.io.StringWriter
import java.util.spi.ToolProvider

class BoundariesSpec : FunSpec({
    test("the Kotlin face uses the core's API only: nothing of dev.weft.internal") {
        val jdeps = ToolProvider.findFirst("jdeps").orElseThrow()
        val out = StringWriter()
        jdeps.run(PrintWriter(out), PrintWriter(out), "-verbose:package", "-filter:none", "target/classes") shouldBe 0
        out.toString() shouldContain "dev.weft.dsl"
        out.toString() shouldNotContain "-> dev.weft.internal"
    }
})
