/**
 * The one {@code select} builder: receive, receive-or-closed, send, await, timeout, default
 * ({@code orElse}) and context clauses, fair by default or biased. Java reaches it through
 * {@code Go.select()}, Kotlin through {@code select { }}.
 *
 * <pre>{@code
 * String r = SelectBuilder.<String>select()
 *         .recv(requests, req -> "request " + req)
 *         .timeout(Duration.ofSeconds(1), () -> "idle")
 *         .run();
 * }</pre>
 */
package dev.weft.select;
