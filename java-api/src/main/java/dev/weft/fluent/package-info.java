/**
 * The fluent Java face of Weft: {@link dev.weft.fluent.Go} gathers Go's vocabulary as static
 * methods ({@code go}, {@code chan}, {@code select}, {@code sleep}, {@code after}…) for
 * {@code import static dev.weft.fluent.Go.*}, and {@link dev.weft.fluent.GoroutineSpec} and
 * {@link dev.weft.fluent.TickerSpec} are builders for the calls with options. Every behaviour
 * lives in the core ({@code dev.weft}); this package only names it.
 *
 * <pre>{@code
 * Chan<Integer> ch = chan(16);
 * go(() -> { for (int i = 0; i < 10; i++) ch.send(i); ch.close(); });
 * for (int v : ch) System.out.println(v);
 * }</pre>
 */
package dev.weft.fluent;
