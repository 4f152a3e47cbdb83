/**
 * Structured concurrency: a {@link dev.weft.scope.Scope} owns the goroutines started in it,
 * bounds how many run at once, and does not end before they do. The first failure cancels the
 * rest and is thrown from {@code join}/{@code close} with the others suppressed.
 *
 * <pre>{@code
 * try (Scope scope = Scope.open().limit(8)) {     // at most 8 at once
 *     for (String url : urls) {
 *         scope.go(() -> fetch(url));
 *     }
 *     scope.join();                                   // all done, or the first failure
 * }
 * }</pre>
 */
package dev.weft.scope;
