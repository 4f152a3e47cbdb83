package dev.weft.dsl

import dev.weft.context.ContextException
import dev.weft.net.DeadlineExceededException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.net.SocketException
import java.nio.file.Files
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

class NetSpec : FunSpec({
    test("withTimeout ends a blocked read and accept through the context, and both stay usable") {
        listen("127.0.0.1:0").use { ln ->
            dial(ln.addr(), 5.seconds).use { c ->
                ln.accept().use { s ->
                    val buf = ByteArray(4)
                    val e = shouldThrow<ContextException> {
                        withTimeout(50.milliseconds) { c.read(buf, 0, buf.size) }
                    }
                    e.isDeadlineExceeded shouldBe true
                    s.write(byteArrayOf(7))
                    c.read(buf, 0, buf.size) shouldBe 1
                    buf[0] shouldBe 7.toByte()
                    withTimeoutOrNull(50.milliseconds) { ln.accept() } shouldBe null
                    dial(ln.addr(), 5.seconds).use { ln.accept().close() }
                }
            }
        }
    }

    test("a unix domain socket by Go's network name") {
        val dir = Files.createTempDirectory("weft-dsl")
        val path = dir.resolve("s.sock").toString()
        listen("unix", path).use { ln ->
            val server = go { ln.accept().use { c -> c.write(byteArrayOf(42)) } }
            dial("unix", path, 5.seconds).use { c ->
                val b = ByteArray(1)
                c.read(b, 0, 1) shouldBe 1
                b[0] shouldBe 42.toByte()
            }
            server.join()
        }
        Files.exists(dir.resolve("s.sock")) shouldBe false
        Files.delete(dir)
    }

    test("packet networks by Go's names, a read timeout and a dialled UDP connection") {
        listenPacket("udp4", "127.0.0.1:0").use { a ->
            listenPacket("127.0.0.1:0").use { b ->
                b.writeTo("hi".toByteArray(), 0, 2, a.localAddr())
                val buf = ByteArray(8)
                val d = a.readFrom(buf, 0, buf.size)
                String(buf, 0, d.length()) shouldBe "hi"
                d.from() shouldBe b.localAddr()
                a.readTimeout(20.milliseconds)
                shouldThrow<DeadlineExceededException> { a.readFrom(buf, 0, buf.size) }
                a.readTimeout(Duration.INFINITE)           // clears the deadline that passed
                dial("udp", a.localAddr(), 5.seconds).use { c ->
                    c.write("one datagram".toByteArray())
                    a.readFrom(buf, 0, buf.size).from() shouldBe c.localAddr()
                }
            }
        }
    }

    test("a dialer and a listen config with kotlin.time.Duration") {
        val config = listenConfig(keepAlive = (-1).seconds, reusePort = true)
        config.reusePort() shouldBe true
        config.keepAlive() shouldBe java.time.Duration.ofSeconds(-1)
        config.listen("tcp", "127.0.0.1:0").use { a ->
            config.listen("tcp", a.addr()).use { b -> b.addr() shouldBe a.addr() }
            val d = dialer(timeout = 5.seconds, localAddr = "127.0.0.1:0", keepAlive = 30.seconds)
            d.timeout() shouldBe java.time.Duration.ofSeconds(5)
            d.keepAlive() shouldBe java.time.Duration.ofSeconds(30)
            dialer().timeout() shouldBe null
            d.dial(a.addr()).use { c ->
                a.accept().use { s -> s.remoteAddr() shouldBe c.localAddr() }
            }
        }
    }

    test("dial, listen and the timeouts with kotlin.time.Duration") {
        listen("127.0.0.1:0").use { ln ->
            val done = Chan<Int>()
            val server = go {
                ln.accept().use { c ->
                    val b = ByteArray(4)
                    var off = 0
                    while (off < 4) off += c.read(b, off, 4 - off)
                    c.write(b)
                    done.recvOrClosed()             // keeps the connection open: no end of stream
                }
            }
            dial(ln.addr(), 5.seconds).use { c ->
                c.write("ping".toByteArray())
                val b = ByteArray(4)
                var off = 0
                while (off < 4) off += c.read(b, off, 4 - off)
                String(b) shouldBe "ping"
                c.readTimeout(20.milliseconds)
                shouldThrow<DeadlineExceededException> { c.read(b, 0, 4) }
                c.keepAlivePeriod(1.minutes)
                c.keepAlivePeriod(Duration.INFINITE)      // saturates at the kernel's bound
                c.close()
                shouldThrow<SocketException> { c.keepAlivePeriod(1.minutes) }
            }
            done.close()
            server.join()
            ln.acceptTimeout(20.milliseconds)
            shouldThrow<DeadlineExceededException> { ln.accept() }
        }
    }
})
