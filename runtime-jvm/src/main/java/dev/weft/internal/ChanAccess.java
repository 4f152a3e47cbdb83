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

        /**
         * A new rendezvous channel that is the {@code done} channel of {@code of} ("a Promise",
         * "a context"), as the reasons of the waits on it say.
         */
        Object makeDone(String of);
    }

    private static volatile Operations operations;

    private ChanAccess() {}

    /** Called once, by the channel class. */
    public static void register(Operations ops) {
        operations = ops;
    }

    /** See {@link Operations#makeDone}; a {@code Chan<T>} of any {@code T} the caller chooses. */
    @SuppressWarnings("unchecked")
    public static <C> C makeDone(String of) {
        ensureRegistered();
        return (C) operations.makeDone(of);
    }

    /** Initializes the channel class, which registers the operations, if nothing has yet. */
    private static void ensureRegistered() {
        if (operations == null) {
            try {
                Class.forName("dev.weft.chan.Chan", true, ChanAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new NoClassDefFoundError(e.getMessage());
            }
        }
    }

    /** See {@link Operations#trySendIfFree}. */
    public static Boolean trySendIfFree(Object chan, Object value) {
        return operations.trySendIfFree(chan, value);
    }
}
