package dev.weft.dsl

import dev.weft.sync.Mutex
import dev.weft.sync.RWMutex
import dev.weft.sync.Semaphore

/**
 * Runs [block] holding this mutex and unlocks it however the block ends (kotlinx's
 * `Mutex.withLock`). Inside a context block the wait for the lock ends with the context.
 *
 * ```
 * val mu = Mutex()
 * mu.withLock { balance += amount }
 * ```
 */
public inline fun <R> Mutex.withLock(block: () -> R): R {
    lock()
    try {
        return block()
    } finally {
        unlock()
    }
}

/**
 * Runs [block] holding a read lock of this [RWMutex]; readers share it.
 *
 * ```
 * val price = prices.read { table[item] }
 * ```
 */
public inline fun <R> RWMutex.read(block: () -> R): R {
    rlock()
    try {
        return block()
    } finally {
        runlock()
    }
}

/**
 * Runs [block] holding the write lock of this [RWMutex], alone.
 *
 * ```
 * prices.write { table[item] = newPrice }
 * ```
 */
public inline fun <R> RWMutex.write(block: () -> R): R {
    lock()
    try {
        return block()
    } finally {
        unlock()
    }
}

/**
 * Runs [block] holding [permits] units of this semaphore (kotlinx's `withPermit`).
 *
 * ```
 * val downloads = Semaphore(4)
 * urls.forEach { url -> go { downloads.withPermits { fetch(url) } } }   // at most 4 at once
 * ```
 */
public inline fun <R> Semaphore.withPermits(permits: Int = 1, block: () -> R): R {
    acquire(permits)
    try {
        return block()
    } finally {
        release(permits)
    }
}
