package dev.weft.context;

import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import dev.weft.internal.ChanAccess;
import java.lang.invoke.MethodHandles;
import java.time.Instant;
import java.util.Optional;

/** The root context: never ends. Its done channel is never closed (Go returns a nil channel). */
final class Background implements Context {
    static final Background INSTANCE = new Background();

    static {
        // Every context descends from this one, and the first wait under a context may come at
        // any depth of a stack, where a static initializer that overflows leaves its class
        // unusable for ever: what binds contexts to threads and a context's end to a waiting
        // thread is initialized here.
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            l.ensureInitialized(Current.class);
            l.ensureInitialized(InterruptOnDone.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Chan<Void> never = ChanAccess.makeDone("the background context");

    private Background() {}

    @Override
    public RecvChan<Void> done() {
        return never;
    }

    @Override
    public ContextException err() {
        return null;
    }

    @Override
    public Throwable cause() {
        return null;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public <T> T value(Key<T> key) {
        return null;
    }

    @Override
    public String toString() {
        return "context.Background";
    }
}
