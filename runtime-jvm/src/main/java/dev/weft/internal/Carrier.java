package dev.weft.internal;

/**
 * Marks the carrier threads of Weft's schedulers, on which only Weft's own code may run: code
 * that would run a user's callback there (a channel future's dependents) runs it elsewhere.
 * Public only so that Weft's packages can share it; not part of Weft's API.
 */
public interface Carrier {
}
