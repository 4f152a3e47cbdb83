/**
 * Go's {@code sync}, on goroutines: {@link dev.weft.sync.Mutex}, {@link dev.weft.sync.RWMutex},
 * {@link dev.weft.sync.WaitGroup}, {@link dev.weft.sync.Once}, {@link dev.weft.sync.OnceValue},
 * {@link dev.weft.sync.Cond}, and a weighted {@link dev.weft.sync.Semaphore} and a
 * {@link dev.weft.sync.Barrier} beside them.
 *
 * <p>Every wait parks the goroutine, follows the one rule for blocking operations (see
 * {@link dev.weft}: cancellation by interrupt or context, no effect when cancelled) and has a
 * timed form. Bad input fails at once with no side effect: a {@code WaitGroup} counter that
 * would go negative or overflow, an unlock of an unlocked mutex.
 */
package dev.weft.sync;
