/**
 * Results of goroutines: {@link dev.weft.future.Deferred} (a goroutine's value, awaited,
 * composed, or seen as a {@link java.util.concurrent.CompletableFuture}),
 * {@link dev.weft.future.Promise} (completed by hand), {@link dev.weft.future.Outcome} (a value
 * or a failure) and {@link dev.weft.future.AggregateException} (the failures of a group).
 */
package dev.weft.future;
