/**
 * Lock-free building blocks: {@link dev.weft.lockfree.MpmcQueue} (bounded, many producers and
 * consumers), {@link dev.weft.lockfree.SpscQueue} (bounded, wait-free, one producer and one
 * consumer) and {@link dev.weft.lockfree.TreiberStack} (unbounded). None of them blocks or
 * locks; each says which of its operations are linearizable and which (such as {@code size})
 * are estimates.
 */
package dev.weft.lockfree;
