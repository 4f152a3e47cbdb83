package dev.weft.coroutines

import dev.weft.chan.Chan
import io.kotest.core.spec.style.FunSpec
import kotlinx.coroutines.channels.Channel
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions
import org.jetbrains.lincheck.datastructures.Operation
import org.jetbrains.lincheck.datastructures.StressOptions

/**
 * Lincheck over the suspending send and receive of a Weft channel, whose waits queue on the
 * channel as futures (no thread waits): linearizable with kotlinx's own channel of the same
 * capacity, in model checking and stress modes. Close is left out: Weft's close fails blocked
 * senders (Go's), kotlinx's lets them deliver.
 */
class SuspendingChanLincheckSpec : FunSpec({
    test("a rendezvous channel's suspending send and receive, model checked") {
        ModelCheckingOptions().iterations(20).invocationsPerIteration(200)
            .sequentialSpecification(RendezvousSpec::class.java).check(RendezvousOps::class.java)
    }

    test("a rendezvous channel's suspending send and receive, stress tested") {
        StressOptions().iterations(20).invocationsPerIteration(1_000)
            .sequentialSpecification(RendezvousSpec::class.java).check(RendezvousOps::class.java)
    }

    test("a buffered channel's suspending send and receive, model checked") {
        ModelCheckingOptions().iterations(20).invocationsPerIteration(200)
            .sequentialSpecification(BufferedSpec::class.java).check(BufferedOps::class.java)
    }
})

/** Suspending operations on a Weft channel, and the try-forms beside them. */
open class SuspendingOps(private val ch: Chan<Int>) {
    @Operation(cancellableOnSuspension = false)
    suspend fun send(v: Int) {
        ch.sendSuspending(v)
    }

    @Operation(cancellableOnSuspension = false)
    suspend fun recv(): Int = ch.recvSuspending()

    @Operation
    fun trySend(v: Int): Boolean = ch.trySend(v)

    @Operation
    fun tryRecv(): Int? = ch.tryRecv().let { if (it.isOk()) it.value() else null }
}

class RendezvousOps : SuspendingOps(Chan.make())

class BufferedOps : SuspendingOps(Chan.make(1))

/** The same operations on a kotlinx channel: the sequential specification. */
open class KotlinxSpec(private val ch: Channel<Int>) {
    suspend fun send(v: Int) {
        ch.send(v)
    }

    suspend fun recv(): Int = ch.receive()

    fun trySend(v: Int): Boolean = ch.trySend(v).isSuccess

    fun tryRecv(): Int? = ch.tryReceive().getOrNull()
}

class RendezvousSpec : KotlinxSpec(Channel())

class BufferedSpec : KotlinxSpec(Channel(1))
