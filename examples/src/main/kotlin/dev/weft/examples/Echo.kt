package dev.weft.examples

import dev.weft.dsl.dial
import dev.weft.dsl.go
import dev.weft.dsl.listen
import dev.weft.dsl.readTimeout
import dev.weft.net.Conn
import dev.weft.net.NetClosedException
import dev.weft.sync.WaitGroup
import java.util.zip.CRC32
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

/**
 * Go's echo server and its clients in Kotlin on `dev.weft.net`: a goroutine per connection
 * copies back what it reads; each client sends random messages, reads each echo back under a
 * read timeout, and checks it. Run: `Echo [clients] [messages]`.
 */
object Echo {
    @JvmStatic
    fun main(args: Array<String>) {
        val clients = args.getOrNull(0)?.toInt() ?: 50
        val messages = args.getOrNull(1)?.toInt() ?: 100
        listen("127.0.0.1:0").use { ln ->
            go("acceptor") {
                try {
                    while (true) {
                        val c = ln.accept()
                        go { c.use { echo(it) } }
                    }
                } catch (closed: NetClosedException) {
                    // the server is shutting down
                }
            }
            val wg = WaitGroup()
            var mismatches = 0
            repeat(clients) {
                wg.go {
                    dial(ln.addr(), 5.seconds).use { c ->
                        c.readTimeout(30.seconds)                  // a lost echo fails, not hangs
                        repeat(messages) {
                            val out = Random.nextBytes(64)
                            c.write(out)
                            val back = ByteArray(64)
                            var off = 0
                            while (off < back.size) off += c.read(back, off, back.size - off).also { check(it >= 0) }
                            if (crc(back) != crc(out)) synchronized(this) { mismatches++ }
                        }
                    }
                }
            }
            wg.await()
            println("echo: $clients clients, ${clients * messages} messages, ${if (mismatches == 0) "every echo matched" else "$mismatches mismatched"}")
        }
    }

    private fun echo(c: Conn) {
        val buf = ByteArray(1024)
        while (true) {
            val n = c.read(buf, 0, buf.size)
            if (n < 0) return
            c.write(buf, 0, n)
        }
    }

    private fun crc(b: ByteArray): Long = CRC32().apply { update(b) }.value
}
