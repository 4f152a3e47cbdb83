package dev.weft.internal;

/**
 * Marks the blocker object of a wait that only another Weft operation, or the wait's own
 * cancellation, can end: a channel operation or select, a {@code Mutex}, {@code RWMutex},
 * {@code Semaphore}, {@code WaitGroup} or {@code Once} wait. Neither a timer nor I/O ends one.
 * Deadlock detection counts a thread parked on such a blocker as asleep. Public only so that
 * Weft's packages can share it; not part of Weft's API.
 */
public interface WeftBlocker {
}
