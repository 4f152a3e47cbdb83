package dev.weft.dsl

import dev.weft.actor.Actor
import dev.weft.actor.Server
import dev.weft.context.CancelContext
import dev.weft.context.Context
import dev.weft.sched.Goroutine
import dev.weft.sched.Scheduler
import dev.weft.supervise.ChildSpec
import dev.weft.sync.Barrier
import dev.weft.sync.Cond
import dev.weft.sync.Mutex
import dev.weft.sync.RWMutex
import dev.weft.sync.Semaphore
import dev.weft.sync.WaitGroup
import kotlin.time.Duration
import kotlin.time.toJavaDuration

// Every timed operation of the core with a kotlin.time.Duration, so that Kotlin code never
// converts by hand. Each converts and calls the core's java.time.Duration form, which
// saturates: Duration.INFINITE waits as long as it takes, zero or negative has expired.

/** Waits at most [timeout] for the goroutine to finish; whether it did: `g.join(5.seconds)`. */
public fun Goroutine.join(timeout: Duration): Boolean = join(timeout.toJavaDuration())

/** Waits at most [timeout] until no goroutine of this scheduler is alive; whether none was: `s.awaitQuiescence(10.seconds)`. */
public fun Scheduler.awaitQuiescence(timeout: Duration): Boolean = awaitQuiescence(timeout.toJavaDuration())

/** After `shutdown()`: waits at most [timeout] for every goroutine to finish; whether all had: `s.shutdown(); s.awaitTermination(30.seconds)`. */
public fun Scheduler.awaitTermination(timeout: Duration): Boolean = awaitTermination(timeout.toJavaDuration())

/** The scheduler's time slice: `Scheduler.builder().timeSlice(5.milliseconds)`. */
public fun Scheduler.Builder.timeSlice(slice: Duration): Scheduler.Builder = timeSlice(slice.toJavaDuration())

/** A child of this context that ends after [timeout]: `ctx.withTimeout(2.seconds).use { … }`. */
public fun Context.withTimeout(timeout: Duration): CancelContext = withTimeout(timeout.toJavaDuration())

/** Waits at most [timeout] for the counter to reach zero; whether it did: `check(wg.await(5.seconds)) { "workers stuck" }`. */
public fun WaitGroup.await(timeout: Duration): Boolean = await(timeout.toJavaDuration())

/** Locks, waiting at most [timeout]; whether it locked: `if (mu.tryLock(50.milliseconds)) try { … } finally { mu.unlock() }`. */
public fun Mutex.tryLock(timeout: Duration): Boolean = tryLock(timeout.toJavaDuration())

/** Locks for writing, waiting at most [timeout]; whether it locked: `if (rw.tryLock(1.seconds)) try { … } finally { rw.unlock() }`. */
public fun RWMutex.tryLock(timeout: Duration): Boolean = tryLock(timeout.toJavaDuration())

/** Locks for reading, waiting at most [timeout]; whether it locked: `if (rw.tryRLock(1.seconds)) try { … } finally { rw.runlock() }`. */
public fun RWMutex.tryRLock(timeout: Duration): Boolean = tryRLock(timeout.toJavaDuration())

/** Takes [permits] permits, waiting at most [timeout]; whether it took them: `if (!slots.tryAcquire(1, 2.seconds)) reject()`. */
public fun Semaphore.tryAcquire(permits: Int, timeout: Duration): Boolean = tryAcquire(permits, timeout.toJavaDuration())

/** Waits at most [timeout] for every party (see [Barrier.await]); its arrival index: `phase.await(10.seconds)`. */
public fun Barrier.await(timeout: Duration): Int = await(timeout.toJavaDuration())

/** Waits to be signalled, at most [timeout] (see [Cond.await]); whether it was: `while (queue.isEmpty() && cond.await(1.seconds)) { }`. */
public fun Cond.await(timeout: Duration): Boolean = await(timeout.toJavaDuration())

/** Calls the server and waits at most [timeout] for its reply; `TimeoutException` after that: `val total = counter.call(Add(5), 1.seconds)`. */
public fun <C, R> Server<C, R, *>.call(request: C, timeout: Duration): R = call(request, timeout.toJavaDuration())

/** Stops the server, waiting at most [timeout] for it to end; whether it did: `server.stop(5.seconds)`. */
public fun Server<*, *, *>.stop(timeout: Duration): Boolean = stop(timeout.toJavaDuration())

/** Stops the actor, waiting at most [timeout] for it to end; whether it did: `actor.stop(5.seconds)`. */
public fun Actor<*>.stop(timeout: Duration): Boolean = stop(timeout.toJavaDuration())

/** How long the supervisor waits for this child to end on shutdown: `ChildSpec.worker("db") { connectLoop() }.shutdown(10.seconds)`. */
public fun ChildSpec.shutdown(timeout: Duration): ChildSpec = shutdown(timeout.toJavaDuration())
