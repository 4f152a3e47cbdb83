package dev.weft.context;

import dev.weft.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/** A context that adds one key-value binding to its parent and is otherwise the parent. */
final class ValueContext implements Context {
    private final Context parent;
    private final Key<?> key;
    private final Object value;

    ValueContext(Context parent, Key<?> key, Object value) {
        this.parent = parent;
        this.key = key;
        this.value = value;
    }

    Context parent() {
        return parent;
    }

    @Override
    public RecvChan<Void> done() {
        return parent.done();
    }

    @Override
    public ContextException err() {
        return parent.err();
    }

    @Override
    public Throwable cause() {
        return parent.cause();
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T value(Key<T> k) {
        return k == key ? (T) value : parent.value(k);
    }

    @Override
    public String toString() {
        return parent + ".withValue(" + key + ")";
    }
}
