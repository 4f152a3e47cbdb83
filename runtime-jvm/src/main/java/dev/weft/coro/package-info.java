/**
 * Explicit, cooperative control transfer: a {@link dev.weft.coro.Coroutine} runs only when
 * resumed and hands control back when it yields; a
 * {@link dev.weft.coro.Generator} is an {@link java.util.Iterator} over the values its body
 * yields, produced lazily, one per {@code next()}.
 */
package dev.weft.coro;
