package dev.weft.context;

import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/** The root context: never ends. Its done channel is never closed (Go returns a nil channel). */
final class Background implements Context {
    static final Background INSTANCE = new Background();

    private final Chan<Void> never = Chan.make();

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
