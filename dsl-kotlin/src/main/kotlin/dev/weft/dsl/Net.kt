package dev.weft.dsl

import dev.weft.net.Conn
import dev.weft.net.Dialer
import dev.weft.net.ListenConfig
import dev.weft.net.Listener
import dev.weft.net.Net
import dev.weft.net.PacketConn
import java.time.Instant
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * Connects to [address] (`"host:port"`), giving up after [timeout]: [Net.dial].
 *
 * ```
 * dial("127.0.0.1:8080", 2.seconds).use { conn -> conn.write("ping\n".toByteArray()) }
 * ```
 */
public fun dial(address: String, timeout: Duration = Duration.INFINITE): Conn = Net.dial(timeout.toJavaDuration(), address)

/**
 * Listens for TCP connections on [address] (port 0: any free port): [Net.listen].
 *
 * ```
 * listen("127.0.0.1:0").use { ln ->
 *     while (true) {
 *         val conn = ln.accept()
 *         go { conn.use { c -> c.inputStream().copyTo(c.outputStream()) } }   // echo
 *     }
 * }
 * ```
 */
public fun listen(address: String): Listener = Net.listen(address)

/**
 * Listens on [address] of [network] (Go's `net.Listen(network, address)`): `"tcp"`, `"tcp4"`,
 * `"tcp6"`, or `"unix"` and the path of a socket file, which the listener's close removes.
 *
 * ```
 * listen("unix", "/run/app.sock").use { ln -> ... }
 * ```
 */
public fun listen(network: String, address: String): Listener = Net.listen(network, address)

/** Listens for UDP datagrams on [address] (`"host:port"`): [Net.listenPacket]. */
public fun listenPacket(address: String): PacketConn = Net.listenPacket(address)

/**
 * Listens for datagrams on [address] of [network] (Go's `net.ListenPacket(network, address)`):
 * `"udp"` (either IP family), `"udp4"` or `"udp6"`.
 *
 * ```
 * listenPacket("udp4", ":5353").use { pc ->
 *     val buf = ByteArray(1500)
 *     val d = pc.readFrom(buf, 0, buf.size)
 *     pc.writeTo(buf, 0, d.length(), d.from())     // echo it back
 * }
 * ```
 */
public fun listenPacket(network: String, address: String): PacketConn = Net.listenPacket(network, address)

/**
 * Connects to [address] of [network] (Go's `net.Dial(network, address)`), giving up after
 * [timeout].
 *
 * ```
 * dial("unix", "/run/app.sock").use { conn -> conn.write("status\n".toByteArray()) }
 * ```
 */
public fun dial(network: String, address: String, timeout: Duration = Duration.INFINITE): Conn =
    Net.dial(timeout.toJavaDuration(), network, address)

/**
 * A [Dialer] (Go's `net.Dialer`): [timeout] ([Duration.INFINITE]: none), the [localAddr] to dial
 * from (null: any), the [keepAlive] period of its TCP connections (zero: 15 s; negative: off) and
 * the Happy Eyeballs [fallbackDelay] (zero: 300 ms; negative: the families in turn).
 *
 * ```
 * dialer(timeout = 5.seconds, localAddr = "10.0.0.2:0").dial("tcp", "example.com:80").use { conn -> ... }
 * ```
 */
public fun dialer(
    timeout: Duration = Duration.INFINITE,
    localAddr: String? = null,
    keepAlive: Duration = Duration.ZERO,
    fallbackDelay: Duration = Duration.ZERO,
): Dialer = Dialer.DEFAULT
    .withTimeout(if (timeout.isInfinite()) null else timeout.toJavaDuration())
    .withLocalAddr(localAddr)
    .withKeepAlive(keepAlive.toJavaDuration())
    .withFallbackDelay(fallbackDelay.toJavaDuration())

/**
 * A [ListenConfig] (Go's `net.ListenConfig`): the [keepAlive] period of accepted TCP connections
 * (zero: 15 s; negative: off) and whether other sockets may listen on the same port ([reusePort],
 * `SO_REUSEPORT`).
 *
 * ```
 * val ln = listenConfig(reusePort = true).listen("tcp", ":8080")
 * ```
 */
public fun listenConfig(keepAlive: Duration = Duration.ZERO, reusePort: Boolean = false): ListenConfig =
    ListenConfig.DEFAULT.withKeepAlive(keepAlive.toJavaDuration()).withReusePort(reusePort)

/**
 * Sets both deadlines [timeout] from now (Go's `SetDeadline(time.Now().Add(d))`); a read or
 * write still blocked then throws [dev.weft.net.DeadlineExceededException] and the connection
 * stays open.
 *
 * ```
 * conn.timeout(5.seconds)
 * ```
 */
public fun Conn.timeout(timeout: Duration): Unit = setDeadline(deadlineIn(timeout))

/**
 * Sets the read deadline [timeout] from now; [Duration.INFINITE] clears it.
 *
 * ```
 * conn.readTimeout(30.seconds)                  // an idle client is dropped after 30 s
 * val n = try { conn.read(buf, 0, buf.size) } catch (e: DeadlineExceededException) { -1 }
 * ```
 */
public fun Conn.readTimeout(timeout: Duration): Unit = setReadDeadline(deadlineIn(timeout))

/**
 * Sets the write deadline [timeout] from now: a peer that stops reading cannot hold a writer
 * for longer.
 *
 * ```
 * conn.writeTimeout(1.seconds)
 * conn.write(reply, 0, reply.size)
 * ```
 */
public fun Conn.writeTimeout(timeout: Duration): Unit = setWriteDeadline(deadlineIn(timeout))

/**
 * Sets the keep-alive period: how long the connection stays idle before the first probe, and the
 * time between probes (Go's `SetKeepAlivePeriod`; 15 seconds from the start). Whole seconds,
 * rounded up, saturating between 1 and 32,767 seconds.
 *
 * ```
 * conn.keepAlivePeriod(1.minutes)
 * ```
 */
public fun Conn.keepAlivePeriod(period: Duration): Unit = setKeepAlivePeriod(period.toJavaDuration())

/**
 * Sets the accept deadline [timeout] from now.
 *
 * ```
 * ln.acceptTimeout(10.seconds)
 * val first = ln.accept()                       // DeadlineExceededException after 10 s
 * ```
 */
public fun Listener.acceptTimeout(timeout: Duration): Unit = setDeadline(deadlineIn(timeout))

/**
 * Sets the read deadline of this UDP endpoint [timeout] from now.
 *
 * ```
 * packets.readTimeout(500.milliseconds)
 * ```
 */
public fun PacketConn.readTimeout(timeout: Duration): Unit = setReadDeadline(deadlineIn(timeout))

/** Now plus [timeout], saturating: [Duration.INFINITE] means no deadline. */
private fun deadlineIn(timeout: Duration): Instant? =
    if (timeout.isInfinite()) {
        null
    } else {
        try {
            Instant.now().plus(timeout.toJavaDuration())
        } catch (e: java.time.DateTimeException) {
            null
        } catch (e: ArithmeticException) {
            null
        }
    }
