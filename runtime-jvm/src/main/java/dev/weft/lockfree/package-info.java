/**
 * Lock-free building blocks: {@link dev.weft.lockfree.MpmcQueue} (bounded, many producers and
 * consumers), {@link dev.weft.lockfree.SpscQueue} (bounded, wait-free, one producer and one
 * consumer), {@link dev.weft.lockfree.TreiberStack} (unbounded) and
 * {@link dev.weft.lockfree.WorkStealingDeque} (bounded; an owner at one end, thieves at the
 * other). None of them locks; each says which of its operations are linearizable and which (such as {@code size})
 * are estimates.
 */
package dev.weft.lockfree;
