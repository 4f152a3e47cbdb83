package dev.weft.examples

import dev.weft.chan.Chan
import dev.weft.chan.RecvChan
import dev.weft.dsl.Chan
import dev.weft.dsl.dial
import dev.weft.dsl.go
import dev.weft.dsl.listen
import dev.weft.dsl.readTimeout
import dev.weft.dsl.select
import dev.weft.net.Conn
import dev.weft.net.NetClosedException
import dev.weft.sync.WaitGroup
import kotlin.time.Duration.Companion.seconds

/**
 * Go's classic chat server in Kotlin on `dev.weft.net` (the Java version is [Chat]): a goroutine
 * per connection, a writer goroutine per client fed by its own channel, one broadcaster that
 * owns the set of clients. Run: `KotlinChat [clients]`; every client must hear every hello.
 */
object KotlinChat {
    private val leaving = Chan<Chan<String>>()
    private val messages = Chan<String>()

    @JvmStatic
    fun main(args: Array<String>) {
        val clients = args.getOrNull(0)?.toInt() ?: 5
        listen("127.0.0.1:0").use { ln ->
            val entry = Chan<Chan<String>>()
            val broadcaster = go("broadcaster") { broadcast(entry) }
            go("acceptor") {
                try {
                    while (true) {
                        val c = ln.accept()
                        go { handle(c, entry) }
                    }
                } catch (closed: NetClosedException) {
                    // the server is shutting down
                }
            }
            val heard = talk(ln.addr(), clients)
            entry.close()                       // no one else may enter: the broadcaster ends once all have left
            broadcaster.join()
            println("kotlin chat: $clients clients, each heard ${if (heard == clients * clients) "every hello" else "$heard hellos in all"}")
        }
    }

    /** Go's `broadcaster`: ends when [entry] is closed and every client has left. */
    private fun broadcast(entry: RecvChan<Chan<String>>) {
        val clients = HashSet<Chan<String>>()
        var open: RecvChan<Chan<String>>? = entry
        while (open != null || clients.isNotEmpty()) {
            val stillOpen = open
            select<Unit> {
                onRecv(messages) { msg -> clients.forEach { it.send(msg) } }
                onRecvOrClosed(stillOpen) { r -> if (r.isOk) clients += r.value() else open = null }
                onRecv(leaving) { c -> clients -= c; c.close() }
            }
        }
    }

    private fun handle(c: Conn, entry: Chan<Chan<String>>) {
        c.use {
            val out = Chan<String>(16)
            go { c.outputStream().bufferedWriter().let { w -> for (msg in out) { w.write(msg + "\n"); w.flush() } } }
            entry.send(out)
            try {
                c.inputStream().bufferedReader().forEachLine { messages.send(it) }
            } finally {
                leaving.send(out)
            }
        }
    }

    /** [n] clients join, say hello once all have entered, and read until they have heard every hello. */
    private fun talk(address: String, n: Int): Int {
        val joined = WaitGroup()
        val done = WaitGroup()
        val heard = IntArray(n)
        joined.add(n)
        repeat(n) { me ->
            done.go {
                dial(address, 5.seconds).use { c ->
                    c.readTimeout(30.seconds)                   // a lost message fails, not hangs
                    val w = c.outputStream().bufferedWriter()
                    val r = c.inputStream().bufferedReader()
                    w.write("joined $me\n"); w.flush()
                    while (r.readLine() != "joined $me") {
                        // hearing its own line back means the broadcaster has it as a client
                    }
                    joined.done()
                    joined.await()                               // every client has entered
                    w.write("hello from $me\n"); w.flush()
                    while (heard[me] < n) {
                        val line = r.readLine() ?: break
                        if (line.startsWith("hello from ")) heard[me]++
                    }
                }
            }
        }
        done.await()
        return heard.sum()
    }
}
