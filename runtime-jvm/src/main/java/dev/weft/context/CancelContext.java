package dev.weft.context;

import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import dev.weft.internal.ChanAccess;
import dev.weft.internal.Nanos;
import dev.weft.internal.TimerQueue;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A context that can be cancelled, by {@link #cancel()}, by its parent ending, or by its
 * deadline: what {@link Context#withCancel}, {@link Context#withDeadline} and
 * {@link Context#withTimeout} return. {@link #close()} cancels it, so try-with-resources plays
 * the part of Go's {@code defer cancel()}.
 */
public final class CancelContext implements Context, AutoCloseable {
    /*
     * Implementation overview.
     *
     * Each node registers with its nearest cancellable ancestor (its <em>owner</em>), which keeps
     * a set of children (child contexts, {@link AfterFunc}s and {@link InterruptOnDone} bindings). Ending a node, under its monitor,
     * records the reason once and detaches the set and the deadline timer; outside the monitor it
     * closes {@link #done()}, stops the timer (freeing it), asks its owner to forget it, and ends
     * the descendants with a work list rather than recursion. No two monitors are ever held together, so the tree cannot deadlock, and a
     * cancelled child leaves no trace in its parent. A child created under an owner that has
     * already ended ends at once.
     */

    private final Context parent;
    private final CancelContext owner;
    private final Instant ownDeadline;
    private final Chan<Void> done = ChanAccess.makeDone("a context");
    private volatile ContextException err;
    private Throwable cause;                    // written before err; read after it
    private Set<Object> children = new HashSet<>();   // guarded by this; null once ended
    private TimerQueue.Entry timer;           // guarded by this

    static {
        Objects.requireNonNull(ContextView.SOURCE);   // registers it: see ContextView
    }

    CancelContext(Context parent, Instant deadline) {
        this.parent = parent;
        this.ownDeadline = deadline;
        this.owner = ownerOf(parent);
        // Computed before the parent adopts this child, so that nothing can fail half-way.
        long nanos = deadline != null ? Nanos.until(deadline) : Nanos.MAX_WAIT;
        if (owner != null && !owner.adopt(this)) {
            end(owner.err(), owner.cause());
            return;
        }
        if (nanos <= 0) {
            end(DEADLINE_EXCEEDED, DEADLINE_EXCEEDED);
            return;
        }
        if (nanos < Nanos.MAX_WAIT) {        // a deadline 146 years away needs no timer
            synchronized (this) {
                if (err == null) {
                    timer = TimerQueue.schedule(() -> end(DEADLINE_EXCEEDED, DEADLINE_EXCEEDED), nanos);
                }
            }
        }
    }

    /** The nearest cancellable ancestor of a context (itself included), or null. */
    static CancelContext ownerOf(Context c) {
        while (true) {
            if (c instanceof CancelContext cc) {
                return cc;
            }
            if (c instanceof ValueContext v) {
                c = v.parent();
            } else {
                return null;
            }
        }
    }

    /** Cancels this context and its descendants (Go's {@code cancel()}); idempotent. */
    public void cancel() {
        end(CANCELED, CANCELED);
    }

    /**
     * Cancels with a cause that {@link #cause()} then reports (Go's {@code CancelCauseFunc}).
     * Only the first cancellation counts.
     */
    public void cancel(Throwable cause) {
        end(CANCELED, cause == null ? CANCELED : cause);
    }

    /** {@link #cancel()}: leaving a try-with-resources block ends the context. */
    @Override
    public void close() {
        cancel();
    }

    /**
     * Ends this context and, iteratively (a deep tree must not overflow the stack), every
     * descendant.
     */
    void end(ContextException reason, Throwable why) {
        Set<Object> kids = detach(reason, why);
        if (kids == null) {
            return;
        }
        if (owner != null) {
            owner.disown(this);
        }
        ArrayDeque<Set<Object>> pending = new ArrayDeque<>();
        for (; kids != null; kids = pending.poll()) {
            for (Object kid : kids) {
                if (kid instanceof CancelContext c) {
                    Set<Object> grandchildren = c.detach(reason, why);   // its owner (here) has
                    if (grandchildren != null) {                         // already let go of it
                        pending.add(grandchildren);
                    }
                } else if (kid instanceof AfterFunc f) {
                    f.fire();
                } else {
                    ((InterruptOnDone) kid).fire();
                }
            }
        }
    }

    /**
     * Records the reason once, closes {@link #done()}, frees the deadline timer and hands back
     * the children to end; null if this context had already ended.
     */
    private Set<Object> detach(ContextException reason, Throwable why) {
        Set<Object> kids;
        TimerQueue.Entry t;
        synchronized (this) {
            if (err != null) {
                return null;
            }
            cause = why;
            err = reason;
            kids = children;
            children = null;
            t = timer;
            timer = null;
        }
        done.close();
        if (t != null) {
            t.cancel();
        }
        return kids;
    }

    /** Registers a child; false if this context has already ended (the child must end too). */
    synchronized boolean adopt(Object child) {
        if (children == null) {
            return false;
        }
        children.add(child);
        return true;
    }

    synchronized void disown(Object child) {
        if (children != null) {
            children.remove(child);
        }
    }

    /** Live children registered here; for tests of the no-leak promise. */
    synchronized int childCount() {
        return children == null ? 0 : children.size();
    }

    @Override
    public RecvChan<Void> done() {
        return done;
    }

    @Override
    public ContextException err() {
        return err;
    }

    @Override
    public Throwable cause() {
        return err == null ? null : cause;
    }

    @Override
    public Optional<Instant> deadline() {
        return ownDeadline != null ? Optional.of(ownDeadline) : parent.deadline();
    }

    @Override
    public <T> T value(Key<T> key) {
        return parent.value(key);
    }

    @Override
    public String toString() {
        return parent + (ownDeadline != null ? ".withDeadline(" + ownDeadline + ")" : ".withCancel")
                + (err != null ? "[" + err.getMessage() + "]" : "");
    }
}
