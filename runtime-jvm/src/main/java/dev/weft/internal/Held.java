package dev.weft.internal;

/**
 * A lock's blocker that knows which thread holds it exclusively, so that a cycle of goroutines
 * each waiting for a lock the next one holds can be found. Public only so that Weft's packages
 * can share it; not part of Weft's API.
 */
public interface Held extends WeftBlocker {
    /** The thread holding it exclusively now, or null. */
    Thread holder();
}
