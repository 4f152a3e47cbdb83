package dev.weft.dsl

import dev.weft.net.Conn
import dev.weft.net.Listener
import dev.weft.net.Net
import dev.weft.net.PacketConn
import java.time.Instant
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/** Connects to [address] (`"host:port"`), giving up after [timeout]: [Net.dial]. */
public fun dial(address: String, timeout: Duration = Duration.INFINITE): Conn = Net.dial(timeout.toJavaDuration(), address)

/** Listens for TCP connections on [address]: [Net.listen]. */
public fun listen(address: String): Listener = Net.listen(address)

/** Sets both deadlines [timeout] from now (Go's `SetDeadline(time.Now().Add(d))`). */
public fun Conn.timeout(timeout: Duration): Unit = setDeadline(deadlineIn(timeout))

/** Sets the read deadline [timeout] from now. */
public fun Conn.readTimeout(timeout: Duration): Unit = setReadDeadline(deadlineIn(timeout))

/** Sets the write deadline [timeout] from now. */
public fun Conn.writeTimeout(timeout: Duration): Unit = setWriteDeadline(deadlineIn(timeout))

/** Sets the accept deadline [timeout] from now. */
public fun Listener.acceptTimeout(timeout: Duration): Unit = setDeadline(deadlineIn(timeout))

/** Sets the read deadline of this UDP endpoint [timeout] from now. */
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
