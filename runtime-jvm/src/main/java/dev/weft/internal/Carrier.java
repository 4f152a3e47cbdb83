package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A carrier thread of Weft's schedulers, on which only Weft's own code may run: code that would
 * run a user's callback there (a channel future's dependents) runs it elsewhere. A carrier lends
 * a small direct buffer to the socket operations of the goroutines it runs ({@link #takeScratch}).
 * Public only so that Weft's packages can share it; not part of Weft's API.
 */
public interface Carrier {
    /** The size of a carrier's scratch buffer, in bytes. */
    int SCRATCH_BYTES = 4096;

    /**
     * Takes this carrier's scratch buffer ({@value #SCRATCH_BYTES} bytes, direct, in whatever
     * state its last borrower left it); {@code null} if it is lent already. Called only by code
     * running on this carrier. The buffer stays the caller's until it
     * {@linkplain #returnScratch returns} it, even across a park that resumes the caller on
     * another carrier; the caller returns it in a {@code finally} that follows the take with
     * nothing between.
     */
    ByteBuffer takeScratch();

    /** Gives back what {@link #takeScratch} lent, from any thread. */
    void returnScratch(ByteBuffer scratch);

    /**
     * The platform thread the current thread runs on: itself when it is a platform thread, its
     * carrier when it is a mounted virtual thread, or {@code null} if that cannot be read
     * (without {@code --add-opens java.base/java.lang}).
     */
    static Thread currentThread() {
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) {
            return t;
        }
        return Field.CARRIER == null ? null : (Thread) Field.CARRIER.get(t);
    }

    /** The Weft carrier the current thread is or runs on; {@code null} if it is none. */
    static Carrier current() {
        return currentThread() instanceof Carrier c ? c : null;
    }

    /** Why the carrier of a virtual thread cannot be read; {@code null} if it can. */
    static String unreadableReason() {
        return Field.ERROR;
    }

    /** A virtual thread's {@code carrierThread} field, looked up once. */
    final class Field {
        private static final VarHandle CARRIER;
        private static final String ERROR;

        static {
            VarHandle carrier = null;
            String error = null;
            try {
                Class<?> virtualThread = Class.forName("java.lang.VirtualThread");
                carrier = MethodHandles.privateLookupIn(virtualThread, MethodHandles.lookup())
                        .findVarHandle(virtualThread, "carrierThread", Thread.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                error = e.toString();
            }
            CARRIER = carrier;
            ERROR = error;
        }

        private Field() {}
    }
}
