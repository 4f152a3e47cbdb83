/**
 * Go's channels and {@code select}.
 *
 * <p>A {@link dev.weft.chan.Chan} is unbuffered (a rendezvous), buffered, unbounded or conflated, and
 * a buffered one may drop instead of waiting when full ({@link dev.weft.chan.BufferOverflow}). It is seen through its two halves, {@link dev.weft.chan.SendChan} and
 * {@link dev.weft.chan.RecvChan}, as Go's {@code chan<-} and {@code <-chan}. A value is
 * delivered exactly once, or its sender learns it was not. Receiving from a closed channel
 * drains what is buffered, then throws {@link dev.weft.chan.ChanClosedException}; the
 * non-throwing forms return a {@link dev.weft.chan.Received}.
 *
 * <pre>{@code
 * Chan<Integer> ch = Chan.make();          // unbuffered
 * Weft.go(() -> { ch.send(42); ch.close(); });
 * for (int v : ch) { ... }                 // until closed and drained
 * }</pre>
 *
 * <p>{@link dev.weft.chan.Select} chooses among ready cases ({@link dev.weft.chan.SelectCase})
 * at random, as Go does, or in order when biased; the builder form is
 * {@link dev.weft.select.SelectBuilder}.
 */
package dev.weft.chan;
