package dev.weft.coro;

import dev.weft.Weft;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;

/**
 * An explicit, cooperative coroutine (the {@code co_create}/{@code co_resume}/
 * {@code co_yield} of C coroutine libraries): it runs only while someone {@link #resume() resumes} it, until it
 * {@link #yield() yields} back or finishes. Exactly one of the resumer and the coroutine runs
 * at any time, so they may share plain fields.
 *
 * <pre>{@code
 * Coroutine co = Coroutine.create(self -> {
 *     System.out.println("one");
 *     self.yield();
 *     System.out.println("two");
 * });
 * co.resume();        // prints one
 * co.resume();        // prints two; co.isFinished() is now true
 * }</pre>
 *
 * <ul>
 *   <li>A coroutine may resume another (switching to it); control comes back when that one
 *       yields or finishes.</li>
 *   <li>What the body throws is rethrown by the {@code resume} that was running it (unchecked
 *       as it is, checked wrapped in a {@link CompletionException}).</li>
 *   <li>{@link #destroy()} ends a suspended coroutine: its pending {@code yield} throws an
 *       internal error that unwinds its stack ({@code finally} blocks run). A coroutine that is
 *       neither finished nor destroyed keeps its goroutine parked: destroy what you abandon.</li>
 * </ul>
 */
public final class Coroutine {
    /*
     * Implementation overview.
     *
     * A coroutine is a goroutine that parks whenever it does not hold the baton. The baton is the
     * volatile {@code state}: {@code RUNNING} means the coroutine holds it, anything else the
     * resumer. Each side writes what the other needs (the resumer's thread, a failure), then
     * moves {@code state}, then unparks the other, which waits by parking in a loop on
     * {@code state} — so a wake-up is never lost and a spurious one is harmless. Resuming from a
     * goroutine hands the worker over directly (Weft's {@code runnext}), so a switch costs one
     * park and one unpark.
     */

    /**
     * A coroutine's body; {@code self} is the coroutine, to {@link Coroutine#yield()} with.
     */
    @FunctionalInterface
    public interface Routine {
        /** Runs the coroutine. */
        void run(Coroutine self) throws Exception;
    }

    /** Unwinds a destroyed coroutine's stack; never seen outside it. */
    static final class Destroyed extends Error {
        private static final long serialVersionUID = 1L;

        Destroyed() {
            super("coroutine destroyed", null, false, false);
        }
    }

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int SUSPENDED = 2;
    private static final int FINISHED = 3;

    private final Routine routine;
    private volatile int state = NEW;
    private volatile boolean destroying;
    /** Set when the body, being destroyed, caught the signal and yielded again. */
    private volatile boolean refused;
    private volatile Thread resumer;
    private volatile Thread self;
    private Throwable failure;               // written by the coroutine before FINISHED

    private Coroutine(Routine routine) {
        this.routine = routine;
    }

    /** A coroutine that will run {@code routine} when first resumed. */
    public static Coroutine create(Routine routine) {
        return new Coroutine(Objects.requireNonNull(routine, "routine"));
    }

    /**
     * Runs the coroutine until it yields or finishes.
     *
     * @throws IllegalStateException if it has finished, or is running (it cannot resume itself)
     * @throws CompletionException   wrapping a checked exception its body threw
     */
    public void resume() {
        int s = state;
        if (s == FINISHED) {
            throw new IllegalStateException("resume of a finished coroutine");
        }
        if (s == RUNNING) {
            throw new IllegalStateException("resume of a running coroutine");
        }
        resumer = Thread.currentThread();
        state = RUNNING;
        if (s == NEW) {
            Weft.go("coroutine", this::body);
        } else {
            LockSupport.unpark(self);
        }
        awaitNot(RUNNING);
        Throwable t = failure;
        if (t != null) {
            failure = null;
            rethrow(t);
        }
    }

    /** What {@code destroy} throws when the body of {@code what} (a coroutine, a generator) refused to end. */
    static IllegalStateException refused(String what) {
        return new IllegalStateException("the " + what + "'s body caught the destroy signal and yielded "
                + "again: it was abandoned, and each of its yields now throws until it returns");
    }

    /** Throws what a body threw: unchecked as it is, checked wrapped in a {@link CompletionException}. */
    static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new CompletionException(t);
    }

    private void body() {
        self = Thread.currentThread();
        try {
            routine.run(this);
        } catch (Destroyed d) {
            // unwound on purpose
        } catch (Throwable t) {
            failure = t;
        } finally {
            state = FINISHED;
            LockSupport.unpark(resumer);
        }
    }

    /**
     * Suspends the coroutine and returns control to its resumer; returns when resumed again.
     * Must be called by the coroutine itself, as {@code self.yield()}.
     *
     * @throws IllegalStateException if called from outside the coroutine
     */
    public void yield() {
        if (Thread.currentThread() != self) {
            throw new IllegalStateException("yield from outside the coroutine");
        }
        if (destroying) {
            // Being destroyed, the body caught the signal and yielded again. It may not suspend
            // (its goroutine would stay parked for ever, and destroy() return as if it had
            // ended): the destroyer is told, and every yield from now on throws again.
            refused = true;
            state = FINISHED;
            LockSupport.unpark(resumer);
            throw new Destroyed();
        }
        state = SUSPENDED;
        LockSupport.unpark(resumer);
        awaitNot(SUSPENDED);
        if (destroying) {
            throw new Destroyed();
        }
    }

    /** Whether it has finished: its body returned, threw, or it was destroyed. */
    public boolean isFinished() {
        return state == FINISHED;
    }

    /**
     * Ends the coroutine if it has not finished: a suspended one unwinds from its
     * {@code yield} (running its {@code finally} blocks) before this returns; one never resumed
     * never runs. Idempotent.
     *
     * @throws IllegalStateException if it is running; or if its body caught the unwinding
     *                               signal and yielded again (it refused to end: it was
     *                               abandoned, running on in its goroutine with every
     *                               {@code yield} throwing, until its body returns)
     */
    public void destroy() {
        int s = state;
        if (s == FINISHED) {
            return;
        }
        if (s == RUNNING) {
            throw new IllegalStateException("destroy of a running coroutine");
        }
        if (s == NEW) {
            state = FINISHED;
            return;
        }
        destroying = true;
        resumer = Thread.currentThread();
        state = RUNNING;
        LockSupport.unpark(self);
        awaitNot(RUNNING);
        failure = null;                      // what its finally blocks threw while unwinding
        if (refused) {
            throw refused("coroutine");
        }
    }

    /** Parks until {@code state} is no longer {@code s}; keeps, but does not spin on, an interrupt. */
    private void awaitNot(int s) {
        boolean interrupted = false;
        while (state == s) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Coroutine[" + switch (state) {
            case NEW -> "new";
            case RUNNING -> "running";
            case SUSPENDED -> "suspended";
            default -> "finished";
        } + "]";
    }
}
