package dev.weft.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A binding that interrupts one thread when a context ends, until it is closed: how a context
 * reaches blocking calls that know only Java's interrupts ({@code BlockingQueue.take},
 * {@code Future.get}, {@code Thread.sleep}, interruptible I/O, any
 * {@link java.util.concurrent.locks.AbstractQueuedSynchronizer}). Made by
 * {@link Context#interruptOnDone()}.
 *
 * <pre>{@code
 * try (InterruptOnDone bound = ctx.interruptOnDone()) {
 *     return queue.take();          // InterruptedException once ctx ends
 * }
 * }</pre>
 *
 * {@link #close()} withdraws the binding and clears the interrupt it delivered, if it
 * delivered one, so the thread leaves the block as it entered it. An interrupt from elsewhere
 * that arrives while the binding fires cannot be told apart from the binding's own and is
 * cleared with it.
 */
public final class InterruptOnDone implements AutoCloseable {
    /*
     * Implementation overview.
     *
     * The binding registers as a child of the context's nearest cancellable ancestor, like an
     * {@link AfterFunc}, but fires inline in the thread that ends the context (interrupting a
     * thread never blocks). Its state moves WAITING → FIRING → FIRED when the context ends, or
     * WAITING → CLOSED when closed first; the CAS out of WAITING decides which. A close that loses
     * waits (briefly: the firer is between two instructions of its own) until the interrupt has
     * landed, then clears it.
     */

    private static final int WAITING = 0;
    private static final int FIRING = 1;
    private static final int FIRED = 2;
    private static final int CLOSED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(InterruptOnDone.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CancelContext owner;
    private final Thread thread;
    private volatile int state = WAITING;

    private InterruptOnDone(CancelContext owner, Thread thread) {
        this.owner = owner;
        this.thread = thread;
    }

    static InterruptOnDone bind(Context ctx) {
        InterruptOnDone b = new InterruptOnDone(CancelContext.ownerOf(ctx), Thread.currentThread());
        if (b.owner != null && !b.owner.adopt(b)) {
            b.fire();
        }
        return b;
    }

    /** Called by the context's end: interrupts the bound thread unless the binding was closed. */
    void fire() {
        if (STATE.compareAndSet(this, WAITING, FIRING)) {
            thread.interrupt();
            state = FIRED;
        }
    }

    /** Whether the context ended while bound (the thread was, or is being, interrupted). */
    public boolean fired() {
        int s = state;
        return s == FIRING || s == FIRED;
    }

    /**
     * Withdraws the binding; if it has fired, clears the interrupt it delivered. Idempotent.
     *
     * @throws IllegalStateException if called from another thread than the bound one
     */
    @Override
    public void close() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("an InterruptOnDone must be closed by the thread it binds");
        }
        if (STATE.compareAndSet(this, WAITING, CLOSED)) {
            if (owner != null) {
                owner.disown(this);
            }
            return;
        }
        while (state == FIRING) {
            Thread.onSpinWait();
        }
        if (STATE.compareAndSet(this, FIRED, CLOSED)) {
            Thread.interrupted();
        }
    }
}
