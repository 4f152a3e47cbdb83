package dev.weft.internal;

/**
 * What Weft's own packages may do with a channel that its API does not offer (as the JDK's
 * {@code SharedSecrets}): registered by {@code dev.weft.chan.Chan} as it is initialised, which
 * is before any channel exists. Public only so that Weft's packages can share it; not part of
 * Weft's API.
 */
public final class ChanAccess {
    /** The operations. */
    public interface Operations {
        /**
         * A send that never waits, not even for the channel's lock: null, having done nothing,
         * if another thread holds the lock this instant; otherwise whether {@code value} was
         * sent (a timer firing on a scheduler thread must not wait).
         */
        Boolean trySendIfFree(Object chan, Object value);
    }

    private static volatile Operations operations;

    private ChanAccess() {}

    /** Called once, by the channel class. */
    public static void register(Operations ops) {
        operations = ops;
    }

    /** See {@link Operations#trySendIfFree}. */
    public static Boolean trySendIfFree(Object chan, Object value) {
        return operations.trySendIfFree(chan, value);
    }
}
