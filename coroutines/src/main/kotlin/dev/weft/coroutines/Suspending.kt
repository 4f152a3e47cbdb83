package dev.weft.coroutines

import dev.weft.Weft
import dev.weft.chan.Received
import dev.weft.chan.RecvChan
import dev.weft.chan.SendChan
import dev.weft.future.Deferred
import dev.weft.sched.Goroutine
import dev.weft.sync.Mutex
import dev.weft.sync.Semaphore
import dev.weft.sync.WaitGroup
import kotlinx.atomicfu.atomic
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import kotlin.coroutines.coroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlin.coroutines.suspendCoroutine

// Each suspending form first tries the operation without waiting. If it would wait, a channel
// operation or a select queues asynchronous waiters on the channels (sendAsync, recvAsync,
// SelectBuilder.runAsync; a Deferred through its done channel), which the counterpart completes
// directly; the other waits run the blocking operation in a goroutine.
// Either way the coroutine suspends, never blocking its thread. Cancelling the coroutine abandons
// the wait (cancelling the waiter's future, or interrupting the goroutine), which ends it with no
// effect (Weft's rule for blocking operations); if the operation completed first, the coroutine
// resumes with its outcome: a value received before the cancellation landed is returned, not
// lost, and the coroutine meets its cancellation at its next suspension point.

/**
 * Sends [value], suspending (not blocking) until a receiver or buffer takes it. See [SendChan.send].
 *
 * ```
 * launch { for (order in orders) requests.sendSuspending(order) }
 * ```
 */
public suspend fun <T : Any> SendChan<T>.sendSuspending(value: T) {
    if (!trySend(value)) {
        sendAsync(value).awaitOutcome()
    }
}

/**
 * Receives, suspending until a value comes. See [RecvChan.recv].
 *
 * ```
 * val reply = replies.recvSuspending()
 * ```
 */
public suspend fun <T : Any> RecvChan<T>.recvSuspending(): T {
    val now = tryRecv()
    return if (now.isOk()) now.value() else recvAsync().awaitOutcome()
}

/**
 * Receives or learns the channel is closed (Go's `v, ok`), suspending until one happens.
 *
 * ```
 * while (true) {
 *     val r = results.recvOrClosedSuspending()
 *     if (!r.isOk()) break
 *     total += r.value()
 * }
 * ```
 */
public suspend fun <T : Any> RecvChan<T>.recvOrClosedSuspending(): Received<T> {
    val now = tryRecv()
    return if (now.isOk()) now else recvOrClosedAsync().awaitOutcome()
}

/**
 * Locks, suspending until the mutex is free; unlock it as usual.
 *
 * ```
 * mu.lockSuspending()
 * try { balance += amount } finally { mu.unlock() }
 * ```
 */
public suspend fun Mutex.lockSuspending() {
    if (!tryLock()) {
        onGoroutine { lock() }
    }
}

/**
 * Takes [permits] permits, suspending until they are free; release them as usual.
 *
 * ```
 * slots.acquireSuspending()
 * try { fetch(url) } finally { slots.release(1) }
 * ```
 */
public suspend fun Semaphore.acquireSuspending(permits: Int = 1) {
    if (!tryAcquire(permits)) {
        onGoroutine { acquire(permits) }
    }
}

/**
 * Suspends until the group's counter reaches zero.
 *
 * ```
 * wg.add(3)
 * repeat(3) { Weft.go { try { work() } finally { wg.done() } } }
 * wg.awaitSuspending()
 * ```
 */
public suspend fun WaitGroup.awaitSuspending(): Unit = onGoroutine { await() }

/**
 * The deferred value, suspending until it settles; its failure is rethrown. It waits on the
 * deferred's done channel, as a select's `onAwait` does: no goroutine waits.
 *
 * ```
 * val price = Deferred.async { quote(item) }.awaitSuspending()
 * ```
 */
public suspend fun <T> Deferred<T>.awaitSuspending(): T {
    done().recvOrClosedSuspending()                  // the done channel closes when it settles
    return poll().getOrThrow()
}

/**
 * Suspends until the goroutine has finished.
 *
 * ```
 * Weft.go { migrate() }.joinSuspending()
 * ```
 */
public suspend fun Goroutine.joinSuspending(): Unit = onGoroutine { join() }

@OptIn(InternalCoroutinesApi::class)
private suspend fun <R> onGoroutine(op: () -> R): R {
    val job = coroutineContext[Job]
    return suspendCoroutine { cont ->
        val wait = GoroutineWait()
        val g = Weft.go {
            val outcome = runCatching(op)
            wait.finished()
            cont.resumeWith(outcome)
        }
        // onCancelling: at the cancellation itself, not at the job's completion, which waits for
        // this coroutine to resume.
        job?.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { g.interrupt() }?.let(wait::cancelWith)
    }
}

/**
 * The cancellation handle of a wait run in a goroutine: the goroutine disposes of it when it is
 * done, whether the handle was registered before or after.
 */
private class GoroutineWait {
    private val cancel = atomic<DisposableHandle?>(null)

    /** Registers the coroutine's cancellation handle; disposed of at once if the goroutine is done. */
    fun cancelWith(handle: DisposableHandle) {
        if (!cancel.compareAndSet(null, handle)) {
            handle.dispose()
        }
    }

    /** The goroutine is done: a registered handle is disposed of, one registered later will be. */
    fun finished() {
        cancel.getAndSet(DONE)?.dispose()
    }

    private companion object {
        /** Marks a wait whose goroutine is done. */
        val DONE = DisposableHandle {}
    }
}

/**
 * Suspends until this future of a channel operation completes, and returns its outcome. The
 * coroutine's cancellation cancels the future, which abandons the operation only if it has not
 * completed: the coroutine resumes with the outcome either way.
 */
@OptIn(InternalCoroutinesApi::class)
internal suspend fun <T> CompletableFuture<T>.awaitOutcome(): T {
    val job = coroutineContext[Job]
    return suspendCoroutine { cont ->
        val handle = job?.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { cancel(false) }
        whenComplete { v, e ->
            handle?.dispose()
            if (e == null) {
                cont.resume(v)
            } else {
                cont.resumeWithException((e as? CompletionException)?.cause ?: e)
            }
        }
    }
}
