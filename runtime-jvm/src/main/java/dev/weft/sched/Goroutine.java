package dev.weft.sched;

import dev.weft.internal.Carrier;
import dev.weft.internal.Held;
import dev.weft.internal.Trace;
import dev.weft.internal.Blocking;
import dev.weft.internal.Nanos;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A handle on a goroutine: a lightweight thread run by a {@link Scheduler}.
 *
 * <p>A goroutine is a JDK virtual thread whose scheduler is Weft's (or, when the JVM was not
 * opened for Weft, the JDK's; see {@link Scheduler}). Blocking in a goroutine — on a channel, a
 * lock, {@code Thread.sleep}, socket I/O — parks the goroutine and frees its carrier thread.
 *
 * <pre>{@code
 * Goroutine g = Weft.go("fetcher", () -> fetch(url));
 * g.join(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Unlike Go, goroutines have identities and names, as JDK threads do; {@link #id()} is the
 * underlying thread's id, so it matches what thread dumps and debuggers show.
 */
public final class Goroutine {
    /** The life cycle of a goroutine, Go's vocabulary over the JDK's thread states. */
    public enum State {
        /** Running on a worker, or ready to run and waiting for one. */
        RUNNABLE,
        /** Parked: blocked on a channel, a lock, a sleep, I/O or a join. */
        WAITING,
        /** Its body has returned or thrown. */
        DONE
    }

    private static final VarHandle DONE;
    /**
     * How long a platform thread joining an unfinished goroutine yields before it parks: about
     * what a park and its wake-up cost on a busy machine, and enough for a queue of a few
     * hundred short goroutines to drain. Shorter and longer yields both made a platform thread
     * that spawns and joins batches of goroutines slower.
     */
    private static final long JOIN_YIELD_NANOS = 50_000;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(Goroutine.class, "done", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Scheduler scheduler;
    final Thread thread;
    /** The id of the goroutine that started this one; 0 if a platform thread did. */
    private final long createdBy;
    /** The current wait as observers saw it first; written by observers only. */
    private volatile SeenWait seenWait;
    /** Set (release) when the body has ended; the scheduler's exit count that follows fences. */
    private volatile boolean done;
    // Links in the scheduler's LiveSet and the stripe they are in (-1: none), guarded by its
    // stripe lock; set and cleared by the goroutine's own thread.
    Goroutine prevLive;
    Goroutine nextLive;
    byte stripe = -1;
    /** Its entry when its scheduler detects leaks (it is then not in the LiveSet's list); else null. */
    volatile LeakWatch.Entry leakEntry;

    Goroutine(Scheduler scheduler, Thread.Builder builder, Body body) {
        this.scheduler = scheduler;
        this.thread = builder.unstarted(new Start(this, body));
        Thread spawner = Thread.currentThread();
        this.createdBy = spawner.isVirtual() ? spawner.threadId() : 0;
    }

    /**
     * What the goroutine's thread runs; also, from its first instruction, that thread's
     * uncaught-exception handler, which makes it the way back from the thread to its goroutine
     * for {@link #current()}: a field the thread already has, so no map lookup and no
     * thread-local. (An exception escaping
     * {@link #run()} — none should — still reaches the scheduler's handler through it.)
     */
    private record Start(Goroutine goroutine, Body body) implements Runnable, Thread.UncaughtExceptionHandler {
        @Override
        public void run() {
            // Set here, on the goroutine's own thread, so the spawner does not pay for the
            // volatile store.
            Thread.currentThread().setUncaughtExceptionHandler(this);
            goroutine.scheduler.started(goroutine);
            Trace.resumed();                 // the scheduler switched to it for the first time
            goroutine.runBody(body);
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            goroutine.scheduler.uncaught(goroutine, e);
        }
    }

    private void runBody(Body body) {
        try {
            body.run();
        } catch (Throwable t) {
            scheduler.uncaught(this, t);
        } finally {
            DONE.setRelease(this, true);
            scheduler.exited(this);
        }
    }

    /**
     * The goroutine the caller runs in, or {@code null} when the caller is not a goroutine
     * (a platform thread, or a virtual thread Weft did not start).
     */
    public static Goroutine current() {
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) {
            return null;
        }
        return t.getUncaughtExceptionHandler() instanceof Start b ? b.goroutine() : replacedHandler(t);
    }

    /** The goroutine whose thread is {@code t}, if Weft started it and its handler is still its own; else null. */
    static Goroutine of(Thread t) {
        return t.getUncaughtExceptionHandler() instanceof Start b ? b.goroutine() : null;
    }

    /**
     * {@link #current()} for a virtual thread whose uncaught-exception handler is not its
     * goroutine's: one Weft did not start, or a goroutine whose body replaced the handler
     * (that is the user's right, and must not lose the goroutine, or its later spawns would
     * leave its scheduler). The carrier tells which scheduler runs the thread; a scan of that
     * scheduler's live goroutines finds it, once, and the thread keeps the answer.
     */
    private static Goroutine replacedHandler(Thread t) {
        if (!(Carrier.currentThread() instanceof Worker w)) {
            return null;                     // not run by a Weft scheduler
        }
        Goroutine g = FOUND.get();
        if (g == null) {
            g = w.pool.owner.goroutineOf(t);
            if (g != null) {
                FOUND.set(g);
            }
        }
        return g;
    }

    /** What {@link #replacedHandler} found, for the goroutines it had to search for. */
    private static final ThreadLocal<Goroutine> FOUND = new ThreadLocal<>();

    /**
     * Gives up the worker so other runnable goroutines run first (Go's {@code runtime.Gosched}).
     * The caller goes to the back of its worker's queue. Called from a platform thread, it is
     * {@link Thread#yield()}.
     */
    public static void yield() {
        Thread.yield();
    }

    /** This goroutine's id: the id of its thread, as thread dumps show it. */
    public long id() {
        return thread.threadId();
    }

    /** Its name: the one it was given, or {@code goroutine-<id>}. */
    public String name() {
        String n = thread.getName();
        return n.isEmpty() ? "goroutine-" + id() : n;
    }

    /**
     * Renames this goroutine; typically called by the goroutine itself on
     * {@link #current()}. The new name shows in {@link Scheduler#goroutines()},
     * {@link Scheduler#dump()} and thread dumps.
     *
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public void setName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("goroutine name must not be null or blank");
        }
        thread.setName(name);
    }

    /** The scheduler that runs this goroutine. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** What this goroutine is doing now; may be stale by the time it returns. */
    public State state() {
        if (done) {
            return State.DONE;
        }
        return switch (thread.getState()) {
            case NEW, RUNNABLE -> State.RUNNABLE;
            case BLOCKED, WAITING, TIMED_WAITING -> State.WAITING;
            case TERMINATED -> State.DONE;
        };
    }

    /** Whether its body has returned or thrown. */
    public boolean isDone() {
        return done;
    }

    /**
     * Waits for the goroutine to finish: returns once its body has returned or thrown, with
     * everything the body did visible to the caller. From a goroutine this parks, not blocks a
     * carrier. (The underlying virtual thread may still be winding down for a moment.)
     *
     * <p>A platform thread first gives its core away for a few tens of microseconds
     * ({@link Thread#yield()}, rechecking after each) before it parks: a goroutine that is about
     * to finish is usually waiting for a core, often the caller's, and parking would cost a
     * system call on each side for the wake-up. A virtual thread parks at once: parking
     * unmounts it, which is cheap; when the goroutine it joins ends, it is queued behind the
     * goroutines already waiting on that worker, not run next (the JDK's order rather than a Go
     * handoff), so joining many goroutines in turn does not park once for each.
     *
     * <p>An interrupt or the end of the current context ends the wait, as it ends every Weft
     * wait (see the {@link dev.weft} package); a caller that finds the goroutine done returns
     * normally, as {@code Thread.join} does for a thread that has ended.
     */
    public void join() {
        if (!yieldUntilDone(JOIN_YIELD_NANOS)) {
            Blocking.await(null, Blocking.FOREVER, this::joinThread, "join", this);
        }
    }

    /**
     * Waits at most {@code timeout} (zero or negative: not at all) for the goroutine to
     * finish, as {@link #join()} does.
     *
     * @return whether it finished in time
     */
    public boolean join(Duration timeout) {
        if (done) {
            return true;
        }
        long start = System.nanoTime();
        long nanos = Nanos.ofTimeout(timeout);
        if (yieldUntilDone(Math.min(JOIN_YIELD_NANOS, nanos))) {
            return true;
        }
        long left = nanos - (System.nanoTime() - start);
        return (left > 0 && Blocking.await(null, left, this::joinThread, "join", this)) || done;
    }

    private Boolean joinThread(long nanos) throws InterruptedException {
        if (nanos == Blocking.FOREVER) {
            thread.join();
            return true;
        }
        return thread.join(Duration.ofNanos(nanos));
    }

    /**
     * Whether the body has finished, after giving the caller's core away for at most
     * {@code budgetNanos} while it has not (platform threads only; see {@link #join()}).
     */
    private boolean yieldUntilDone(long budgetNanos) {
        if (done || budgetNanos <= 0 || Thread.currentThread().isVirtual()) {
            return done;
        }
        long deadline = System.nanoTime() + budgetNanos;
        for (int i = 1; !done; i++) {
            if ((i & 7) == 0 && System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.yield();
        }
        return true;
    }

    /**
     * Interrupts the goroutine: its Weft wait, if it is in one, ends with a
     * {@link java.util.concurrent.CancellationException}, and so does every later one while
     * the interrupt status stays set (see the {@link dev.weft} package); a JDK wait
     * ({@code Thread.sleep}, {@code java.util.concurrent}) ends with an
     * {@link InterruptedException}, as in a thread.
     */
    public void interrupt() {
        thread.interrupt();
    }

    /** Its current stack, innermost frame first; empty once it is done. */
    public StackTraceElement[] stackTrace() {
        return thread.getStackTrace();
    }

    /** A snapshot of this goroutine's id, name, state, what it waits on and for how long. */
    public GoroutineInfo info() {
        State s = state();
        Object blocker = s == State.WAITING ? LockSupport.getBlocker(thread) : null;
        long since = observeWait(s, blocker);
        return new GoroutineInfo(id(), name(), s, reason(blocker), createdBy,
                s == State.WAITING ? Duration.ofNanos(System.nanoTime() - since) : Duration.ZERO);
    }

    /**
     * The monitor's periodic look (Go stamps {@code waitsince} when a collection scans a parked
     * goroutine's stack): records when this goroutine was first seen parked on its current
     * blocker. Returns how long it has waited since, in nanoseconds; -1 if it is not parked.
     */
    long observeWait(long now) {
        State s = state();
        if (s != State.WAITING) {
            seenWait = null;
            return -1;
        }
        return Math.max(0, now - observeWait(s, LockSupport.getBlocker(thread)));
    }

    /** Whether an observer has noted its current wait. */
    boolean waitSeen() {
        return seenWait != null;
    }

    /** Whether it is parked waiting for a {@code Mutex} or an {@code RWMutex} write lock. */
    boolean waitsOnLock() {
        return LockSupport.getBlocker(thread) instanceof Held;
    }

    /**
     * Observer side only; the goroutine itself never pays for it. A wait is told from the next
     * by its blocker's identity: every channel operation and select parks on an object of its
     * own, so each of those is a new wait; a lock, group or socket is the blocker of every wait
     * on it, so waits on one of them that end and begin again between two looks count as one.
     * Returns when the current wait was first seen; 0 if it is not parked. A wait seen for the
     * first time is stamped with a clock reading taken after its state was read, so a wait
     * never seems to have begun before it did; under leak detection it is also described, with
     * the stack, in the goroutine's {@link LeakWatch} entry, for a report after it is gone.
     */
    private long observeWait(State s, Object blocker) {
        if (s != State.WAITING) {
            seenWait = null;
            return 0;
        }
        Object key = blocker != null ? blocker : NO_BLOCKER;
        SeenWait seen = seenWait;
        if (seen == null || seen.blocker != key) {
            seenWait = seen = new SeenWait(key, System.nanoTime());
            LeakWatch.Entry e = leakEntry;
            if (e != null) {
                e.noteWait(name(), reason(blocker), thread.getStackTrace());
            }
        }
        return seen.since;
    }

    /**
     * What a goroutine parked on {@code blocker} waits for: the blocker's {@code toString()},
     * Weft's naming the channel, lock or socket; for the JDK's blockers whose {@code toString()}
     * names only their class, the operation.
     */
    private static String reason(Object blocker) {
        if (blocker == null) {
            return "";
        }
        return switch (blocker.getClass().getName()) {
            case "java.util.concurrent.CompletableFuture$Signaller" -> "future await (CompletableFuture)";
            case "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject" -> "condition await (java.util.concurrent)";
            default -> String.valueOf(blocker);
        };
    }

    /** The id of the goroutine (or virtual thread) that started this one; 0 if a platform thread did. */
    public long createdBy() {
        return createdBy;
    }

    /** A wait as an observer first saw it: what the goroutine was parked on, and when. */
    private record SeenWait(Object blocker, long since) {}

    /** The blocker of a wait that names none. */
    private static final Object NO_BLOCKER = new Object();

    @Override
    public String toString() {
        return "Goroutine[" + id() + " \"" + name() + "\" " + state() + "]";
    }
}
