/**
 * Go's {@code context}: cancellation, deadlines and request-scoped values that flow to the
 * goroutines started under them.
 *
 * <p>{@link dev.weft.context.Context#background()} is the root; {@code withCancel},
 * {@code withTimeout}, {@code withDeadline} and {@code withValue} derive children. Unlike Go,
 * a goroutine started under a context has it as its <em>current</em> context, and every Weft
 * wait in it ends with a {@link dev.weft.context.ContextException} when the context ends, so
 * the context need not be passed to each call (kotlinx.coroutines' structured cancellation, on
 * goroutines). {@link dev.weft.context.AfterFunc} is Go's {@code context.AfterFunc}.
 */
package dev.weft.context;
