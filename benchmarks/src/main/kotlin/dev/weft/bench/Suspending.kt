package dev.weft.bench

import dev.weft.chan.Chan
import dev.weft.coroutines.asCoroutineDispatcher
import dev.weft.coroutines.recvSuspending
import dev.weft.coroutines.sendSuspending
import dev.weft.sched.Scheduler
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import java.time.Duration

/** The workloads of [SuspendingPingPongBench]: a coroutine pings a partner. */
object Suspending {
    /**
     * A goroutine of [weft] answers over two Weft channels; the coroutine, on `Dispatchers.Default`
     * or (with [onWeft]) on [weft] itself, uses the suspending forms.
     */
    @JvmStatic
    fun withGoroutine(rounds: Int, weft: Scheduler, onWeft: Boolean): Long {
        val ping = Chan.make<Int>()
        val pong = Chan.make<Int>()
        val echo = weft.go { repeat(rounds) { pong.send(ping.recv()) } }
        val sum = runBlocking(if (onWeft) weft.asCoroutineDispatcher() else Dispatchers.Default) {
            var sum = 0L
            repeat(rounds) {
                ping.sendSuspending(it)
                sum += pong.recvSuspending()
            }
            sum
        }
        check(echo.join(Duration.ofMinutes(1))) { "the echoing goroutine did not finish" }
        return sum
    }
}
