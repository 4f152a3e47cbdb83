package dev.weft.sched;

import dev.weft.internal.Blocking;
import dev.weft.internal.CurrentContext;
import dev.weft.internal.Nanos;
import dev.weft.internal.Netpoll;
import dev.weft.internal.Trace;
import dev.weft.trace.DeadlockFound;
import dev.weft.trace.GoroutineLeaked;
import dev.weft.trace.LockCycleFound;
import dev.weft.trace.SchedulerStatistics;
import dev.weft.trace.Tracer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import jdk.jfr.FlightRecorder;

/**
 * Runs goroutines on Weft's M:N work-stealing scheduler: Go's runtime, one instance per
 * {@code Scheduler}.
 *
 * <pre>{@code
 * try (Scheduler s = Scheduler.builder().name("io").workers(4).build()) {
 *     for (int i = 0; i < 1_000_000; i++) {
 *         s.go(() -> work());
 *     }
 * }   // close(): stops taking goroutines and waits for the live ones to finish
 * }</pre>
 * <h2>Life cycle</h2>
 * <ul>
 *   <li>{@link #shutdown()} stops the scheduler from starting goroutines: {@link #go} then
 *       throws {@link IllegalStateException}, from any thread, goroutines included. Goroutines
 *       already started run to completion; the workers stop once the last one finishes.</li>
 *   <li>{@link #close()} is {@code shutdown()} then {@link #awaitTermination()}, as
 *       {@link java.util.concurrent.ExecutorService#close()}: it returns when every goroutine has
 *       finished, so a goroutine that never returns makes it wait forever.</li>
 *   <li>{@link #shutdownNow()} also interrupts every live goroutine.</li>
 *   <li>The JVM does not wait for goroutines: workers are daemon threads, so a program ends when
 *       its {@code main} thread does, as a Go program ends when {@code main} returns. Use
 *       {@link #run(Callable)} or {@link #awaitQuiescence()} to wait.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * An exception escaping a goroutine goes to the scheduler's uncaught-exception handler, else
 * to the one set by {@link #setDefaultUncaughtExceptionHandler} (the default scheduler's way),
 * else it is logged through {@link System.Logger} with the goroutine's name and id; it never
 * reaches a worker thread. This differs from Go, where a panic ends the process; a handler
 * that exits gives Go's behaviour.
 */
public final class Scheduler implements AutoCloseable {
    /*
     * Implementation overview.
     *
     * Each goroutine is a JDK virtual thread whose scheduler is a {@link WorkStealingExecutor}:
     * N worker threads (Go's Ps), each with a local run queue and a {@code runnext} slot, a global
     * injection queue, work stealing, Go's spinning/parking discipline and a {@link Monitor} that
     * adds compensating workers when a goroutine hogs or pins one. The JDK supplies the
     * continuations, parking and unparking; the executor decides where and when each runs.
     *
     *
     * <b>Fairness.</b> A goroutine readied into a worker's {@code runnext} slot inherits the
     * time slice of the goroutine that readied it (Go's {@code inheritTime}); every other take
     * starts a new slice. When a worker's slice has lasted the configured time slice (10 ms by
     * default), the monitor has the worker end it: the next handoff queues behind the worker's
     * ring instead of running ahead of it. So goroutines that hand a worker back and forth share
     * one slice, and a runnable goroutine in a worker's ring waits at most one slice for each
     * goroutine ahead of it there; the global and submission queues are looked at every 61 tasks,
     * and goroutines readied by timers run first. One goroutine that never parks is not preempted
     * (a virtual thread cannot be); the monitor adds a compensating worker instead. Details in
     * {@link Worker} and {@link Monitor}.
     *
     *
     * <b>No lost wake-ups.</b> {@code LockSupport.park} may return spuriously, and a park
     * consumes a pending {@code unpark} whoever it was meant for. So every park in Weft is in a
     * loop that re-checks its own condition (a select's winner, a worker's state, a coroutine's
     * state, a scheduler's live count), and every waker makes the condition true before it
     * unparks. The one lock in Weft that parks, {@link dev.weft.internal.SpinLock} (in its
     * back-off), may run between a waiter's last check and its park (the timer heap takes it to
     * register the waiter's wake-up timer), so it re-grants the permit it may have consumed.
     * Workers park under Go's {@code stopm}/{@code wakep} handshake, a Dekker pair of a
     * published state and a fence on each side ({@link Worker}). The sync primitives are
     * {@code AbstractQueuedSynchronizer}s, which keep the same discipline.
     *
     *
     * If the JVM was started without {@code --add-opens java.base/java.lang=ALL-UNNAMED}, Weft
     * cannot bind virtual threads to its executor. Every scheduler then runs its goroutines on the
     * JDK's default virtual-thread scheduler instead; a single warning is logged and
     * {@link #stats()} reports {@link SchedulerStats.Kind#JDK_DEFAULT}. The API behaves the same.
     */

    private static final System.Logger LOG = System.getLogger("dev.weft");
    private static final AtomicBoolean FALLBACK_WARNED = new AtomicBoolean();
    private static final AtomicLong SCHEDULER_SEQ = new AtomicLong();
    private static final long FOREVER = Blocking.FOREVER;
    private static volatile Scheduler defaultScheduler;

    private final String name;
    private final boolean isDefault;
    /** Null under the JDK's scheduler; package-private so tests can watch its queues. */
    final WorkStealingExecutor executor;
    private final Thread.Builder threadBuilder;
    /** The builder's handler; null: {@link #defaultUncaughtHandler}, read at each failure. */
    private final BiConsumer<Goroutine, Throwable> uncaughtHandler;
    /** See {@link #setDefaultUncaughtExceptionHandler}; null: log. */
    private static volatile BiConsumer<Goroutine, Throwable> defaultUncaughtHandler;
    /** Live goroutines; also their count, which never reads zero while one is alive. */
    private final LiveSet liveSet = new LiveSet();
    private final LongAdder rejected = new LongAdder();
    /** Threads in {@link #awaitQuiescence()} or {@link #awaitTermination()}. */
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();
    private volatile boolean shutdown;
    /** Set by {@link #shutdownNow()}: a goroutine that starts from then on is interrupted at once. */
    private volatile boolean interruptStarts;
    private final AtomicBoolean terminated = new AtomicBoolean();
    /** The builder's trace hooks; null: none. */
    private final Tracer tracer;
    /** Threads in {@link #run}; they get a {@link DeadlockException} if every goroutine sleeps for good. */
    private final Set<Thread> runCallers = ConcurrentHashMap.newKeySet();
    /** Set by the monitor when it found every goroutine asleep for good: the dump. */
    private volatile String deadlock;
    /** Monitor-only: whether a deadlock outside {@link #run} was logged. */
    private boolean deadlockLogged;
    /** Its JMX registration, removed when it terminates; null without one. */
    private final SchedulerBean bean;
    /** The live goroutines, held weakly, when it detects leaks; else null. */
    private final LeakWatch leakWatch;
    /** The most recent leaks reported, oldest first, at most {@link #LEAKS_KEPT}; guarded by itself. */
    private final ArrayDeque<GoroutineLeak> leaks = new ArrayDeque<>();
    private final AtomicLong leakCount = new AtomicLong();
    static final int LEAKS_KEPT = 1000;

    /** Every scheduler built and not yet terminated, for the JFR statistics event. */
    private static final Set<Scheduler> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicLong INSTANCE_SEQ = new AtomicLong();
    private static final AtomicBoolean STATISTICS_HOOKED = new AtomicBoolean();

    private Scheduler(Builder b, boolean isDefault) {
        Settings settings = Settings.resolve(b.workers, b.workStealing, b.stealMinVictim,
                b.timeSlice, b.maxCompensation, b.detectLeaks, System.getProperties(), System.getenv());
        if (b.pollers != 0) {
            Netpoll.askPollers(b.pollers);   // before anything starts: a refusal leaves nothing behind
        }
        this.name = b.name != null ? b.name : "weft-" + SCHEDULER_SEQ.incrementAndGet();
        this.isDefault = isDefault;
        this.uncaughtHandler = b.uncaughtHandler;
        this.tracer = b.tracer;
        if (tracer != null) {
            Trace.install(TraceHook.INSTANCE);
        }
        VirtualThreads.startJdkHelpers();
        if (VirtualThreads.available()) {
            this.executor = new WorkStealingExecutor(this, settings, name + "-", (worker, t) ->
                    LOG.log(System.Logger.Level.ERROR, "Weft worker " + worker.getName() + " caught an internal error", t));
            this.threadBuilder = VirtualThreads.builder(executor);
        } else {
            if (FALLBACK_WARNED.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "Weft runs goroutines on the JDK's default virtual-thread "
                        + "scheduler: start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED (=dev.weft on the module path) to use "
                        + "Weft's work-stealing scheduler (" + VirtualThreads.unavailableReason() + ")");
            }
            this.executor = null;
            this.threadBuilder = Thread.ofVirtual();
        }
        LIVE.add(this);
        if (STATISTICS_HOOKED.compareAndSet(false, true)) {
            FlightRecorder.addPeriodicEvent(SchedulerStatistics.class, Scheduler::emitStatistics);
        }
        this.leakWatch = settings.detectLeaks() ? new LeakWatch(this) : null;
        this.bean = b.jmx ? SchedulerBean.register(this, INSTANCE_SEQ.incrementAndGet()) : null;
    }

    /** JFR's periodic hook: one {@link SchedulerStatistics} event per live scheduler. */
    private static void emitStatistics() {
        for (Scheduler s : LIVE) {
            SchedulerStats st = s.stats();
            SchedulerStatistics e = new SchedulerStatistics();
            e.scheduler = s.name;
            e.kind = st.kind().name();
            e.workers = st.workers();
            e.live = st.live();
            e.spawned = st.spawned();
            e.stealsAttempted = st.stealsAttempted();
            e.stealsSucceeded = st.stealsSucceeded();
            e.injections = st.injections();
            e.runnextHandoffs = st.runnextHandoffs();
            e.parks = st.parks();
            e.wakeups = st.wakeups();
            e.compensations = st.compensations();
            e.commit();
        }
    }

    /** A builder for an explicit scheduler. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The JVM-wide default scheduler, started on first use with the settings of system
     * properties and environment ({@code weft.workers}/{@code WEFT_WORKERS},
     * {@code weft.worksteal}/{@code WEFT_WORKSTEAL},
     * {@code weft.steal.minVictim}/{@code WEFT_STEAL_MIN_VICTIM}). It cannot be shut down.
     *
     * @throws IllegalArgumentException if one of those settings has a bad value
     */
    public static Scheduler defaultScheduler() {
        Scheduler s = defaultScheduler;
        if (s == null) {
            synchronized (Scheduler.class) {
                s = defaultScheduler;
                if (s == null) {
                    s = new Scheduler(new Builder().name("weft"), true);
                    defaultScheduler = s;
                }
            }
        }
        return s;
    }

    /** This scheduler's name; its threads are named after it. */
    public String name() {
        return name;
    }

    /**
     * Starts a goroutine running {@code body}, which may throw checked exceptions (see
     * {@link Body}). If the caller has a {@code Context.current()} current context, the
     * goroutine runs under it too.
     *
     * @throws IllegalStateException if the scheduler has been shut down
     */
    public Goroutine go(Body body) {
        return start(null, body);
    }

    /**
     * Starts a goroutine named {@code name} running {@code body}.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException    if the scheduler has been shut down
     */
    public Goroutine go(String name, Body body) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("goroutine name must not be null or blank");
        }
        return start(name, body);
    }

    private Goroutine start(String goroutineName, Body body) {
        Objects.requireNonNull(body, "body");
        Object ctx = CurrentContext.captured();
        if (ctx != null) {                      // the goroutine runs under the spawner's context
            Runnable inner = body.asRunnable();
            body = () -> CurrentContext.run(ctx, inner);
        }
        Goroutine g = new Goroutine(this, threadBuilder, body);
        if (goroutineName != null) {
            g.thread.setName(goroutineName);
        }
        liveSet.spawned();                   // before the shutdown check: see shutdown()
        if (shutdown) {
            rejected.increment();
            exited(g);
            throw new IllegalStateException("scheduler " + name + " is shut down: it starts no more goroutines");
        }
        try {
            g.thread.start();
        } catch (Throwable t) {
            exited(g);
            throw t;
        }
        return g;
    }

    /**
     * Runs {@code main} as a goroutine named {@code main} and waits for it to return, as a Go
     * program runs its {@code main}. Other goroutines it started may still be running when this
     * returns; {@link #awaitQuiescence()} waits for them too.
     *
     * <p>If every goroutine of the scheduler falls asleep for good while it waits (each in a
     * channel operation, select or lock that no one is left to complete: see
     * {@link DeadlockException}), it throws {@link DeadlockException}, as Go's runtime ends a
     * program with "all goroutines are asleep - deadlock!", after shutting the scheduler down.
     *
     * @return what {@code main} returned
     * @throws DeadlockException if the goroutines deadlocked
     * @throws Exception whatever {@code main} threw, unwrapped
     */
    public <T> T run(Callable<T> main) throws Exception {
        Objects.requireNonNull(main, "main");
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        AtomicBoolean returned = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        runCallers.add(caller);
        try {
            start("main", () -> {
                try {
                    result[0] = main.call();
                } catch (Throwable t) {
                    failure[0] = t;
                } finally {
                    returned.set(true);          // publishes the arrays' contents
                    LockSupport.unpark(caller);
                }
            });
            await(() -> returned.get() || deadlock != null, FOREVER);
        } finally {
            runCallers.remove(caller);
        }
        if (!returned.get()) {
            String report = deadlock;
            shutdownNow();
            throw new DeadlockException(report);
        }
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new ExecutionException(failure[0]);
        }
        @SuppressWarnings("unchecked") T t = (T) result[0];
        return t;
    }

    /** Its trace hooks, or null. */
    Tracer tracer() {
        return tracer;
    }

    /**
     * Whether {@code t} waits for this scheduler's goroutines: in {@link #run}, {@link #close()}
     * or an await, all of which park in {@link #parkUntil}, which lists them.
     */
    boolean isWaiter(Thread t) {
        return waiters.contains(t);
    }

    /**
     * Monitor: every goroutine is asleep for good ({@link DeadlockCheck}). A {@link #run} fails
     * with {@link DeadlockException}; without one, the report is logged, once.
     */
    void deadlocked() {
        String report = dump();
        DeadlockFound event = new DeadlockFound();
        if (event.shouldCommit()) {
            event.scheduler = name;
            event.goroutines = liveCount();
            event.dump = report;
            event.commit();
        }
        if (!runCallers.isEmpty()) {
            deadlock = report;
            for (Thread t : runCallers) {
                LockSupport.unpark(t);
            }
        } else if (!deadlockLogged) {
            deadlockLogged = true;
            LOG.log(System.Logger.Level.ERROR, "scheduler " + name + ": " + DeadlockException.ALL_ASLEEP + "\n\n" + report);
        }
    }

    /**
     * Waits until no goroutine of this scheduler is alive (Vex's auto-shutdown point). An
     * interrupt or the end of the current context ends the wait, as it ends every Weft wait
     * (see the {@link dev.weft} package).
     */
    public void awaitQuiescence() {
        await(() -> liveCount() == 0, FOREVER);
    }

    /**
     * Waits at most {@code timeout} until no goroutine of this scheduler is alive.
     *
     * @return whether none was alive by the deadline
     */
    public boolean awaitQuiescence(Duration timeout) {
        return await(() -> liveCount() == 0, Nanos.ofTimeout(timeout));
    }

    /**
     * Parks until {@code done} holds or {@code timeoutNanos} pass ({@link #FOREVER}: no limit);
     * waiters are unparked when the last goroutine exits and on termination.
     */
    private boolean await(BooleanSupplier done, long timeoutNanos) {
        return done.getAsBoolean()
                || (timeoutNanos != 0 && Blocking.await(null, timeoutNanos, nanos -> parkUntil(done, nanos), "scheduler wait", this));
    }

    /** {@link #await} as a JDK wait: an interrupt ends it with {@link InterruptedException}. */
    private boolean parkUntil(BooleanSupplier done, long timeoutNanos) throws InterruptedException {
        if (done.getAsBoolean()) {
            return true;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        Thread me = Thread.currentThread();
        waiters.add(me);
        try {
            while (!done.getAsBoolean()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timeoutNanos == FOREVER) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
            return true;
        } finally {
            waiters.remove(me);
        }
    }

    private void unparkWaiters() {
        for (Thread t : waiters) {
            LockSupport.unpark(t);
        }
    }

    private long liveCount() {
        return liveSet.size();
    }

    /**
     * Called by a goroutine as it starts. It lists itself, then reads the flag; {@link
     * #shutdownNow()} sets the flag, then reads the lists. Both take the list's stripe lock, so
     * one goes first and the other sees what it wrote: a goroutine that had not started when
     * {@code shutdownNow} looked is interrupted all the same.
     */
    void started(Goroutine g) {
        LeakWatch.Entry e = leakWatch != null ? leakWatch.add(g) : null;
        if (e != null) {
            g.leakEntry = e;
        } else {
            liveSet.started(g);
        }
        if (interruptStarts) {
            g.interrupt();
        }
    }

    /** Called by a goroutine as its body ends, or by its spawner if it could not start. */
    void exited(Goroutine g) {
        LeakWatch.Entry e = leakWatch != null ? g.leakEntry : null;
        if (e != null) {
            leakWatch.remove(e);
        }
        liveSet.exited(g);
        afterExit();
    }

    /** The leak watch's side: a goroutine that leaked is gone for good, so it counts as exited. */
    void leakExited() {
        liveSet.exitedUnlisted();
        afterExit();
    }

    private void afterExit() {
        // Dekker pair with await() (adds itself, then reads the count) and shutdown() (sets the
        // flag, then reads the count): exited() counts by a volatile read-modify-write, so one
        // side sees the other.
        if ((shutdown || !waiters.isEmpty()) && liveCount() == 0) {
            if (shutdown) {
                terminate();
            }
            unparkWaiters();
        }
    }

    void uncaught(Goroutine g, Throwable t) {
        if (interruptStarts && causedByInterrupt(t)) {
            return;                          // the cancellation shutdownNow() asked for: no failure
        }
        BiConsumer<Goroutine, Throwable> handler = uncaughtHandler != null ? uncaughtHandler : defaultUncaughtHandler;
        try {
            if (handler != null) {
                handler.accept(g, t);
            } else {
                logUncaught(g, t);
            }
        } catch (Throwable handlerFailure) {
            handlerFailure.addSuppressed(t);
            logUncaught(g, handlerFailure);
        }
    }

    /**
     * Whether {@code t} is how a blocking operation ends when its goroutine is interrupted: a
     * {@link CancellationException} itself (a context's end is a subclass, {@code ContextException}),
     * or an {@link InterruptedException}.
     */
    private static boolean causedByInterrupt(Throwable t) {
        return t instanceof InterruptedException || t.getClass() == CancellationException.class;
    }

    /**
     * Sets where exceptions escaping goroutines go when their scheduler has no handler of its
     * own ({@link Builder#uncaughtExceptionHandler}): the default scheduler's goroutines, and
     * those of every scheduler built without one, as {@link
     * Thread#setDefaultUncaughtExceptionHandler} does for threads. {@code null} restores the
     * default: logging, through {@link System.Logger}, with the goroutine's name and id. A
     * program (or a test suite) that wants a goroutine's exception to end it, as a Go panic
     * does, sets a handler that does so.
     *
     * <pre>{@code
     * Scheduler.setDefaultUncaughtExceptionHandler((g, e) -> {
     *     e.printStackTrace();
     *     System.exit(2);
     * });
     * }</pre>
     */
    public static void setDefaultUncaughtExceptionHandler(BiConsumer<Goroutine, Throwable> handler) {
        defaultUncaughtHandler = handler;
    }

    /** What {@link #setDefaultUncaughtExceptionHandler} set, or {@code null}. */
    public static BiConsumer<Goroutine, Throwable> getDefaultUncaughtExceptionHandler() {
        return defaultUncaughtHandler;
    }

    private static void logUncaught(Goroutine g, Throwable t) {
        LOG.log(System.Logger.Level.ERROR, "goroutine " + g.id() + " \"" + g.name() + "\" failed", t);
    }

    /**
     * Stops starting goroutines; those already started run to completion, then the workers
     * exit. Idempotent.
     *
     * @throws IllegalStateException on the default scheduler, which lives as long as the JVM
     */
    public void shutdown() {
        if (isDefault) {
            throw new IllegalStateException("the default scheduler cannot be shut down");
        }
        shutdown = true;
        if (liveCount() == 0) {
            terminate();
        }
    }

    /**
     * {@link #shutdown()}, then interrupts every live goroutine; one that was spawned but had
     * not started yet is interrupted as it starts. A goroutine that then ends with the exception
     * of its interrupted wait (a {@link java.util.concurrent.CancellationException} other than a
     * context's, an {@link InterruptedException}) has done what was asked: that is not passed
     * to the uncaught-exception handler. Any other exception still is.
     *
     * @return the goroutines that were alive and had started
     */
    public List<Goroutine> shutdownNow() {
        shutdown();
        interruptStarts = true;
        List<Goroutine> alive = liveGoroutines();
        for (Goroutine g : alive) {
            g.interrupt();
        }
        return alive;
    }

    private void terminate() {
        if (terminated.compareAndSet(false, true)) {
            LIVE.remove(this);
            if (bean != null) {
                bean.unregister();
            }
            if (executor != null) {
                executor.terminate();
            }
            unparkWaiters();
        }
    }

    /** Whether {@link #shutdown()} was called. */
    public boolean isShutdown() {
        return shutdown;
    }

    /** Whether it was shut down and every goroutine has finished. */
    public boolean isTerminated() {
        return terminated.get();
    }

    /**
     * After {@link #shutdown()}: waits until every goroutine has finished; interrupts and the
     * current context end the wait as {@link #awaitQuiescence()}'s.
     */
    public void awaitTermination() {
        await(terminated::get, FOREVER);
    }

    /**
     * After {@link #shutdown()}: waits at most {@code timeout} until every goroutine has
     * finished.
     *
     * @return whether all had finished by the deadline
     */
    public boolean awaitTermination(Duration timeout) {
        return await(terminated::get, Nanos.ofTimeout(timeout));
    }

    /**
     * {@link #shutdown()} then {@link #awaitTermination()}. If interrupted while waiting, it
     * interrupts the live goroutines ({@link #shutdownNow()}), keeps waiting, and restores the
     * interrupt status before returning, as {@code ExecutorService.close()} does. A goroutine
     * that never returns (or waits in an operation an interrupt does not end, such as
     * {@code Mutex.lock()}) makes it wait for ever, but not in silence: after 10 s, and every
     * minute after that, it logs a warning naming the goroutines it waits for, with their
     * stacks.
     */
    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        long reportIn = closeReportNanos;
        while (true) {
            try {
                if (parkUntil(terminated::get, reportIn)) {
                    break;
                }
                reportCloseWaiting();
                reportIn = CLOSE_REPORT_PERIOD_NANOS;
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long {@link #close()} waits before it first says what it waits for; tests shorten it. */
    static volatile long closeReportNanos = Duration.ofSeconds(10).toNanos();
    private static final long CLOSE_REPORT_PERIOD_NANOS = Duration.ofMinutes(1).toNanos();

    private void reportCloseWaiting() {
        List<Goroutine> alive = liveGoroutines();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < alive.size() && i < 20; i++) {
            Goroutine g = alive.get(i);
            names.append(i == 0 ? "" : ", ").append(g.id()).append(" \"").append(g.name()).append("\" [")
                    .append(g.state()).append(']');
        }
        if (alive.size() > 20) {
            names.append(", and ").append(alive.size() - 20).append(" more");
        }
        LOG.log(System.Logger.Level.WARNING, "scheduler " + name + ": close() is waiting for " + liveCount()
                + " goroutine(s) to return: " + names + "\n" + dump());
    }

    /** Number of goroutines started and not yet finished. */
    public long goroutineCount() {
        return liveCount();
    }

    /** Number of Weft workers now, compensating ones included; 0 under the JDK's scheduler. */
    public int workerCount() {
        return executor == null ? 0 : executor.workerCount();
    }

    /** Which scheduler runs this scheduler's goroutines. */
    public SchedulerStats.Kind kind() {
        return executor == null ? SchedulerStats.Kind.JDK_DEFAULT : SchedulerStats.Kind.WEFT;
    }

    private long spawned() {
        return liveSet.spawnedTotal() - rejected.sum();
    }

    /** A snapshot of the scheduler's counters. */
    public SchedulerStats stats() {
        WorkStealingExecutor e = executor;
        if (e == null) {
            return new SchedulerStats(kind(), 0, liveCount(), spawned(), 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new SchedulerStats(kind(), e.workerCount(), liveCount(), spawned(),
                e.counter(Worker.STEALS_ATTEMPTED), e.counter(Worker.STEALS_SUCCEEDED), e.injections(),
                e.counter(Worker.GLOBAL_DRAINS), e.counter(Worker.RUNNEXT_HANDOFFS),
                e.counter(Worker.PARKS), e.counter(Worker.WAKEUPS), e.compensations());
    }

    /**
     * The live goroutines of this scheduler that have started running: id, name and state of
     * each. One spawned a moment ago that no worker has taken yet is counted by
     * {@link #goroutineCount()} but not listed until it runs.
     */
    public List<GoroutineInfo> goroutines() {
        List<GoroutineInfo> out = new ArrayList<>();
        for (Goroutine g : liveGoroutines()) {
            out.add(g.info());
        }
        return out;
    }

    /** The live goroutine whose thread is {@code t}, or null: a scan, for {@link Goroutine#current()}'s slow path. */
    Goroutine goroutineOf(Thread t) {
        for (Goroutine g : liveGoroutines()) {
            if (g.thread == t) {
                return g;
            }
        }
        return null;
    }

    /** Every scheduler built and not yet terminated. */
    static Set<Scheduler> live() {
        return LIVE;
    }

    /** The live goroutines that have started. */
    List<Goroutine> startedGoroutines() {
        return liveGoroutines();
    }

    private List<Goroutine> liveGoroutines() {
        List<Goroutine> out = new ArrayList<>();
        liveGoroutines(out);
        return out;
    }

    /** Appends the live goroutines that have started to {@code out}. */
    void liveGoroutines(List<Goroutine> out) {
        liveSet.snapshot(out);
        if (leakWatch != null) {
            leakWatch.snapshot(out);
        }
    }

    /**
     * The goroutines this scheduler found leaked, the most recent {@value #LEAKS_KEPT}, oldest
     * first: each was blocked for good, on something no running, runnable or otherwise
     * reachable part of the program could ever act on, and the garbage collector reclaimed it
     * while it waited (Go's goroutine leak detection). Empty unless the scheduler was built with
     * {@link Builder#detectLeaks(boolean)}. A leak is found at the first collection that reclaims
     * the goroutine, then logged as a warning in the {@code dev.weft} log and recorded as a
     * {@link GoroutineLeaked} event.
     */
    public List<GoroutineLeak> leaks() {
        synchronized (leaks) {
            return List.copyOf(leaks);
        }
    }

    /** How many goroutines this scheduler has found leaked since it was built (see {@link #leaks()}). */
    public long leakCount() {
        return leakCount.get();
    }

    /** The leak watch's side: reports a goroutine collected while it waited. */
    void leaked(GoroutineLeak leak) {
        synchronized (leaks) {
            if (leaks.size() == LEAKS_KEPT) {
                leaks.removeFirst();
            }
            leaks.addLast(leak);
        }
        leakCount.incrementAndGet();         // after the list: whoever sees the count sees the leak
        StringBuilder sb = new StringBuilder();
        appendTraceback(sb, leak.id(), leak.name(),
                (leak.waitingOn().isEmpty() ? "wait not seen" : leak.waitingOn()) + ", leaked",
                leak.stack().toArray(StackTraceElement[]::new), leak.createdBy());
        String report = sb.toString();
        GoroutineLeaked event = new GoroutineLeaked();
        if (event.shouldCommit()) {
            event.scheduler = name;
            event.goroutine = leak.id();
            event.waitingOn = leak.waitingOn();
            event.report = report;
            event.commit();
        }
        LOG.log(System.Logger.Level.WARNING, "scheduler " + name + ": a goroutine leaked, blocked for good\n\n" + report);
    }

    /**
     * Partial deadlocks among this scheduler's goroutines: each cycle of goroutines in which
     * every one waits for a {@code Mutex} or {@code RWMutex} the next one holds (for writing).
     * Each cycle lists its goroutines from the one with the lowest id; each entry's
     * {@code waitingOn} names the lock the next entry holds. A cycle is reported only if found
     * twice in a row; it assumes locks are unlocked by the goroutines that locked them.
     *
     * @return the cycles; empty if none
     */
    public List<List<GoroutineInfo>> lockCycles() {
        List<List<GoroutineInfo>> out = new ArrayList<>();
        for (List<Goroutine> cycle : LockCycles.find(liveGoroutines())) {
            List<GoroutineInfo> infos = new ArrayList<>();
            for (Goroutine g : cycle) {
                infos.add(g.info());
            }
            out.add(infos);
        }
        return out;
    }

    /** {@link #lockCycles()} as text, one {@code lock cycle: ...} line each. */
    String lockCycleLines() {
        StringBuilder sb = new StringBuilder();
        for (List<GoroutineInfo> cycle : lockCycles()) {
            appendCycle(sb, cycle);
        }
        return sb.toString();
    }

    private static void appendCycle(StringBuilder sb, List<GoroutineInfo> cycle) {
        sb.append("lock cycle:");
        for (GoroutineInfo g : cycle) {
            sb.append(" goroutine ").append(g.id()).append(" \"").append(g.name()).append("\" ->");
        }
        sb.append(" goroutine ").append(cycle.get(0).id()).append('\n');
    }

    /**
     * Monitor: its watch found a lock cycle that outlasted a look ({@link Monitor}); logged as a
     * warning, with each goroutine of the cycle and its stack, and recorded as a
     * {@link LockCycleFound} event.
     */
    void lockCycleFound(List<Goroutine> cycle) {
        List<GoroutineInfo> infos = new ArrayList<>();
        for (Goroutine g : cycle) {
            infos.add(g.info());
        }
        StringBuilder sb = new StringBuilder();
        appendCycle(sb, infos);
        for (Goroutine g : cycle) {
            sb.append('\n');
            appendGoroutine(sb, g);
        }
        String report = sb.toString();
        LockCycleFound event = new LockCycleFound();
        if (event.shouldCommit()) {
            event.scheduler = name;
            event.cycle = report;
            event.commit();
        }
        LOG.log(System.Logger.Level.WARNING, "scheduler " + name + ": goroutines deadlocked on locks\n\n" + report);
    }

    /**
     * Every live goroutine that has started, with its stack, in the manner of Go's crash output:
     * <pre>
     * goroutine 17 "worker-3" [chan receive on Chan#12[cap=0]]:
     * 	at ...
     * created by com.example.Server.serve in goroutine 5
     * </pre>
     * The bracket holds what a parked goroutine waits on ({@code sleep} in the JDK's
     * {@code Thread.sleep}, its state if it names nothing, or if it is not parked) and, as Go's
     * does, for how many minutes once it has waited one or more
     * ({@code [chan receive on Chan#12[cap=0], 2 minutes]}; see {@link GoroutineInfo#waited()}
     * for how exact that is). The last line names the method whose lambda the goroutine runs,
     * which is where it was started (a body given as a method reference names only itself, so
     * the method is left out), and the goroutine that started it, if one did. Lock
     * cycles ({@link #lockCycles()}) come first, one line each:
     * {@code lock cycle: goroutine 5 "a" -> goroutine 7 "b" -> goroutine 5}.
     */
    public String dump() {
        StringBuilder sb = new StringBuilder(lockCycleLines());
        if (sb.length() > 0) {
            sb.append('\n');
        }
        for (Goroutine g : liveGoroutines()) {
            appendGoroutine(sb, g);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One goroutine of the dump: its header, its stack, and who started it. */
    private static void appendGoroutine(StringBuilder sb, Goroutine g) {
        StackTraceElement[] stack = g.stackTrace();
        GoroutineInfo info = g.info();
        appendTraceback(sb, info.id(), info.name(), bracket(info, stack) + waitedSuffix(info.waited()),
                stack, info.createdBy());
    }

    /**
     * What a goroutine's dump entry says it is doing: what it waits on, else {@code sleep} for
     * the JDK's {@code Thread.sleep} (whose park names no blocker), else its state.
     */
    private static String bracket(GoroutineInfo info, StackTraceElement[] stack) {
        if (!info.waitingOn().isEmpty()) {
            return info.waitingOn();
        }
        if (info.state() == Goroutine.State.WAITING) {
            for (StackTraceElement frame : stack) {
                String cls = frame.getClassName();
                if (!cls.startsWith("java.lang.") && !cls.startsWith("jdk.internal.")) {
                    break;                   // past the JDK's own frames: not in a sleep
                }
                if (cls.equals("java.lang.Thread") && frame.getMethodName().startsWith("sleep")) {
                    return "sleep";
                }
            }
        }
        return info.state().toString();
    }

    /** Go's traceback of one goroutine: {@code goroutine 17 "name" [bracket]:}, its frames, who started it. */
    private static void appendTraceback(StringBuilder sb, long id, String name, String bracket,
                                        StackTraceElement[] stack, long createdBy) {
        sb.append("goroutine ").append(id).append(" \"").append(name).append("\" [").append(bracket).append("]:\n");
        for (StackTraceElement frame : stack) {
            sb.append("\tat ").append(frame).append('\n');
        }
        String line = CreatedBy.line(stack, createdBy);
        if (line != null) {
            sb.append(line).append('\n');
        }
    }

    /** Go's form: {@code ", 2 minutes"} once a wait has lasted a minute, else nothing. */
    static String waitedSuffix(Duration waited) {
        long minutes = waited.toMinutes();
        return minutes >= 1 ? ", " + minutes + " minutes" : "";
    }

    @Override
    public String toString() {
        return "Scheduler[" + name + ", " + kind() + ", workers=" + workerCount() + ", goroutines=" + liveCount() + "]";
    }

    /**
     * Configures a {@link Scheduler}. A value set here wins over the system property and the
     * environment variable of the same setting.
     */
    public static final class Builder {
        private String name;
        private Integer workers;
        private Boolean workStealing;
        private Integer stealMinVictim;
        private Duration timeSlice;
        private Integer maxCompensation;
        private BiConsumer<Goroutine, Throwable> uncaughtHandler;
        private boolean jmx = true;
        private Tracer tracer;
        private Boolean detectLeaks;
        private int pollers;

        private Builder() {}

        /** The scheduler's name, used for its threads' names. */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("scheduler name must not be null or blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Number of workers (Go's {@code GOMAXPROCS}); default: system property
         * {@code weft.workers}, else environment {@code WEFT_WORKERS}, else the number of
         * available processors.
         *
         * @throws IllegalArgumentException if {@code n < 1} or {@code n > 32767}
         *                                  ({@code ForkJoinPool}'s limit)
         */
        public Builder workers(int n) {
            if (n < 1 || n > Settings.MAX_WORKERS) {
                throw new IllegalArgumentException("workers must be from 1 to " + Settings.MAX_WORKERS + ", but is " + n);
            }
            this.workers = n;
            return this;
        }

        /**
         * Whether idle workers steal half of a busy worker's queue (default true; system property
         * {@code weft.worksteal}, environment {@code WEFT_WORKSTEAL}). Without stealing a
         * goroutine stays on the worker that readied it, unless the monitor moves it.
         */
        public Builder workStealing(boolean enabled) {
            this.workStealing = enabled;
            return this;
        }

        /**
         * The fewest queued goroutines a worker must hold to be stolen from (default 1; system
         * property {@code weft.steal.minVictim}, environment {@code WEFT_STEAL_MIN_VICTIM}).
         *
         * @throws IllegalArgumentException if {@code n < 1}
         */
        public Builder stealMinVictim(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("stealMinVictim must be at least 1, but is " + n);
            }
            this.stealMinVictim = n;
            return this;
        }

        /**
         * How long one goroutine may occupy a worker while others wait before the monitor adds
         * a compensating worker (default 10 ms).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeSlice(Duration slice) {
            if (slice == null || slice.isNegative() || slice.isZero()) {
                throw new IllegalArgumentException("timeSlice must be positive, but is " + slice);
            }
            this.timeSlice = slice;
            return this;
        }

        /**
         * The most compensating workers alive at once (default 256); 0 disables compensation.
         *
         * @throws IllegalArgumentException if negative or over 32767
         */
        public Builder maxCompensation(int n) {
            if (n < 0 || n > Settings.MAX_WORKERS) {
                throw new IllegalArgumentException("maxCompensation must be from 0 to " + Settings.MAX_WORKERS
                        + ", but is " + n);
            }
            this.maxCompensation = n;
            return this;
        }

        /**
         * Where exceptions escaping goroutines go (default: the handler set by {@link
         * Scheduler#setDefaultUncaughtExceptionHandler}, else logged with name and id).
         */
        public Builder uncaughtExceptionHandler(BiConsumer<Goroutine, Throwable> handler) {
            this.uncaughtHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Trace hooks for this scheduler's goroutines: told when one blocks, is unblocked and
         * runs (see {@link Tracer}).
         */
        public Builder tracer(Tracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /**
         * Whether to register the scheduler's {@link SchedulerMXBean} with the platform MBean
         * server while it lives (default: yes).
         */
        public Builder jmx(boolean register) {
            this.jmx = register;
            return this;
        }

        /**
         * Whether to find goroutines that are blocked for good (default false; system property
         * {@code weft.detectLeaks}, environment {@code WEFT_DETECT_LEAKS}): the scheduler then
         * holds its goroutines so that the garbage collector can reclaim one that waits on
         * something nothing reachable could ever act on, and reports each one it reclaims (see
         * {@link Scheduler#leaks()}). It needs the JVM started with
         * {@code -Djdk.trackAllThreads=false}, else the JDK keeps every virtual thread reachable;
         * it costs an object and a weak reference per goroutine, and a stack trace per wait the
         * scheduler notes.
         */
        public Builder detectLeaks(boolean enabled) {
            this.detectLeaks = enabled;
            return this;
        }

        /**
         * How many poller threads, each with its epoll instance, the JVM's netpoller runs
         * (go_fiber's {@code GOF_NPOLLERS}; default: system property {@code weft.pollers}, else
         * environment {@code WEFT_POLLERS}, else 1). The netpoller is one per JVM, as Go's is one
         * per process, and it starts at the first networking call: the first scheduler built
         * with this setting before then fixes the count, and building one that asks for another
         * count later is an {@link IllegalStateException}. A selector-based netpoller (without
         * epoll) has one thread regardless.
         *
         * <pre>{@code
         * try (Scheduler s = Scheduler.builder().workers(8).pollers(2).build()) { ... }
         * }</pre>
         *
         * @throws IllegalArgumentException if {@code n < 1} or {@code n > 64}
         */
        public Builder pollers(int n) {
            if (n < 1 || n > Netpoll.MAX_POLLERS) {
                throw new IllegalArgumentException("pollers must be from 1 to " + Netpoll.MAX_POLLERS + ", but is " + n);
            }
            this.pollers = n;
            return this;
        }

        /**
         * Builds and starts the scheduler.
         *
         * @throws IllegalArgumentException if a setting read from a system property or the
         *                                  environment has a bad value
         * @throws IllegalStateException    if leak detection is asked for and the JVM runs
         *                                  without {@code -Djdk.trackAllThreads=false}, or if
         *                                  {@link #pollers} asks for another count than the
         *                                  netpoller runs with or another scheduler asked for
         */
        public Scheduler build() {
            return new Scheduler(this, false);
        }
    }
}
