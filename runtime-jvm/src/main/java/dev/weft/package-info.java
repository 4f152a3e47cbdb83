/**
 * Weft: goroutines on an M:N work-stealing scheduler, Go's channels and {@code select}, sync,
 * context, timers, supervision and structured concurrency. {@link dev.weft.Weft#go(Body)} is
 * the way in.
 *
 * <h2>Blocking operations: one rule</h2>
 * Every Weft operation that can wait — a channel send or receive, a {@code select},
 * {@code Time.sleep}, every sync acquire ({@code Mutex}, {@code RWMutex}, {@code Semaphore},
 * {@code WaitGroup}, {@code Cond}, {@code Barrier}, {@code Once}, {@code OnceValue}),
 * {@code Goroutine.join}, {@code Deferred.await}, {@code Scope.join} and a scope's wait for a
 * slot, {@code Supervisor.join}, {@code Scheduler.awaitQuiescence} and
 * {@code awaitTermination} — follows the same rule, from a goroutine and from a platform
 * thread alike:
 * <ol>
 *   <li><b>It ends early only by cancellation, and then it had no effect.</b> Nothing was sent,
 *       received, locked or acquired; a {@code Cond.await} has locked its mutex again, as a
 *       JDK condition does.</li>
 *   <li><b>An interrupt is a cancellation.</b> If the thread is interrupted before or while it
 *       waits, the operation throws {@link java.util.concurrent.CancellationException}. The
 *       interrupt status stays set, so every later wait of the goroutine ends at once too: an
 *       interrupt cancels the goroutine, not one call (as a cancelled kotlinx.coroutines job).
 *       Code that must wait afterwards (a cleanup) clears it with {@link Thread#interrupted()}
 *       first.</li>
 *   <li><b>A context's end is a cancellation.</b> The thread's
 *       {@link dev.weft.context.Context#current() current} context, and the context passed to
 *       the {@code ctx} forms ({@code mu.lock(ctx)}, {@code wg.await(ctx)}…), end the wait when
 *       they end, with a {@link dev.weft.context.ContextException} — a subclass of
 *       {@code CancellationException} that says which context ended and why.</li>
 *   <li><b>Only waiting is cancellable.</b> An operation that can complete at once does, even
 *       when the thread is interrupted or its context has ended (Go's {@code select} picks a
 *       ready case over a done context at random too); a {@code ctx} form checks its own
 *       context first.</li>
 *   <li><b>Nothing is checked.</b> No Weft operation declares {@link InterruptedException} (or
 *       any checked exception for cancellation), so Go's idioms compile in any lambda:
 *       {@code go(() -> { wg.await(); results.close(); })}.</li>
 *   <li><b>Every wait has a timed form</b> taking a {@link java.time.Duration} that saturates:
 *       zero or negative means "do not wait", one too long to count means "as long as it
 *       takes"; a timeout is a return value ({@code false}, {@code -1}, a not-ready
 *       {@code Received}), never an exception, except where a value must be returned
 *       ({@code Deferred.await(Duration)}: {@link java.util.concurrent.TimeoutException}).</li>
 * </ol>
 * Two kinds of call are not waits and so are outside the rule: {@code Coroutine.resume} and
 * {@code yield} hand control over (the resumer is running the coroutine, not waiting for it,
 * and abandoning the hand-over would let both run); and the {@code close()} of a
 * {@code Scheduler} and of a {@code Scope}, which must not return while a goroutine they own
 * runs: they wait on, keeping an interrupt for the caller's next wait ({@code Scheduler.close}
 * answers one as {@code ExecutorService.close} does, by interrupting its goroutines).
 *
 * <p>JDK calls inside a goroutine keep their own rule ({@code Thread.sleep},
 * {@code BlockingQueue.take} throw {@code InterruptedException} and clear the status);
 * {@link dev.weft.context.Context#interruptOnDone()} lets a context reach them.
 */
package dev.weft;
