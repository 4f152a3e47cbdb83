package dev.weft.sched;

import dev.weft.internal.Carrier;
import dev.weft.internal.Netpoll;
import dev.weft.internal.TimerQueue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A carrier thread: Go's M bound to a P, running goroutines from its own {@link RunQueue}.
 */
final class Worker extends Thread implements Carrier {
    /*
     * Implementation overview.
     *
     * The loop is Go's {@code schedule}/{@code findRunnable}: every {@value #GLOBAL_CHECK_PERIOD}th
     * task comes from the global queue or a submission queue first, so injected goroutines cannot
     * starve behind a busy local queue; otherwise goroutines the timer thread readied (their
     * deadline has passed: each task run ahead of them makes them later), then {@code runnext},
     * then the local ring, then the global queue (a batch of it, into the local ring:
     * {@link GlobalQueue}), then half of a platform thread's submission queue
     * ({@link SubmissionQueues}), then the netpoller without waiting (the goroutines whose
     * sockets are ready come to the local ring), then stealing half of another worker's ring. A worker that looks
     * for work this way is <em>spinning</em>; at most half as many workers as are busy spin at
     * once.
     *
     *
     * Workers fire due timers as Go's Ps do ({@code checkTimers}): while spinning, and every
     * {@value #TIMER_CHECK_PERIOD} tasks while busy, so that busy workers cannot starve the timer
     * thread of a core and make timers late. Only an entry's non-waiting form runs on a carrier; a
     * carrier never waits for a lock a parked goroutine may hold. See
     * {@link TimerQueue#pollDue()}.
     *
     *
     * Parking follows Go's {@code stopm}/{@code wakep} handshake so no wake-up is lost: the
     * worker publishes {@code PARKED}, counts itself idle, stops spinning, then (after a full fence)
     * looks at every queue once more; a submitter publishes its task, fences, and wakes an idle
     * worker if none is spinning. One side always sees the other (a Dekker pair). A woken worker
     * starts out spinning (its waker counted it); when a spinning worker finds work and it was the
     * last spinner it wakes another if more work is in sight (a queue or a ring worth stealing
     * from), so a burst of work keeps recruiting workers. Go wakes one whether or not there is
     * more; waking only when there is ({@code ForkJoinPool}'s rule for propagating signals) is
     * just as safe, because of the same Dekker pair: the worker stops counting itself as spinning
     * and then looks, a producer publishes and then reads the count, so work that arrives after
     * the look is seen by its producer, who wakes somebody. It saves the futile wake-up, park and
     * wake-up again that cost a platform thread spawning goroutines a system call each.
     *
     * A worker about to park blocks in the netpoller's poll instead, if it is the epoll one and no
     * other thread blocks in it (Go's {@code findRunnable} before {@code stopm}): it stays
     * {@code PARKED} and counted idle, so wakers claim it as any parked worker, and a waker that
     * finds it in the poll ends the poll with the netpoller's wake-up ({@link #wakeFromNetpoll}).
     * If the poll readied goroutines into its ring, it takes itself out of the park.
     *
     *
     * <b>Time slices and fairness.</b> A goroutine taken from {@code runnext} <em>inherits</em>
     * the time slice of the one that readied it (Go's {@code inheritTime}); every other take
     * (the timed lane, the ring, the global or a submission queue, a steal) starts a new slice and
     * counts it in {@code slices}. Two goroutines that hand the worker back and forth through
     * {@code runnext} (a channel ping-pong) therefore share one slice however many times they
     * switch. The monitor samples {@code slices} as Go's {@code sysmon} samples
     * {@code schedtick}: when it has not moved for a time slice (10 ms by default), it asks the
     * worker to end the slice ({@code preempt}). A virtual thread cannot be preempted, but a
     * handoff ends at the next switch: the worker, before it would take {@code runnext}, sees the
     * request and moves the {@code runnext} goroutine to the ring's tail, then takes the ring's
     * head; if the ring was empty, it first steals half of another worker's ring (a worker kept
     * busy by one pair would otherwise never steal, and the goroutines queued elsewhere would
     * share the other workers while the pair had one to itself). So a goroutine queued in a worker's ring waits at most one slice per goroutine ahead
     * of it (the ring is FIFO, and each slice ends with a take from its head); goroutines in the
     * global and submission queues are reached every {@value #GLOBAL_CHECK_PERIOD} tasks, and
     * goroutines readied by timers go first. Without the slice, a pair handing the worker back
     * and forth would keep every goroutine queued behind it from running, for as long as the pair
     * runs.
     *
     *
     * {@code tick} is odd while a task runs and even between tasks. The monitor samples it: an
     * odd value that has not moved for a time slice means one goroutine is hogging this worker
     * (Go's {@code schedtick} check in {@code sysmon}).
     *
     *
     * Counters are written only by the thread running on this worker (the worker itself, or a
     * goroutine mounted on it) with opaque stores, and read by {@link Scheduler#stats()} with
     * opaque loads: a snapshot, not a consistent cut.
     */

    static final int RUNNING = 0;
    static final int PARKED = 1;

    // What pollNetworkParked did.
    private static final int NOT_POLLED = 0;
    private static final int POLLED = 1;
    private static final int READIED = 2;

    /** Go's {@code schedtick%61}: a prime, so it does not resonate with producer patterns. */
    static final int GLOBAL_CHECK_PERIOD = 61;
    /** How often (in tasks, a power of two) a busy worker looks for due timers. */
    static final int TIMER_CHECK_PERIOD = 16;
    /** How often a parked compensating worker checks whether it is still needed. */
    private static final long COMPENSATING_RECHECK_NANOS = 20_000_000;
    /**
     * How long a spinning worker keeps looking before it parks. Waking a parked carrier costs
     * the waker a system call and the woken task the operating system's scheduling latency,
     * tens to hundreds of microseconds on a busy machine; work arriving a few microseconds apart (timers, I/O completions, a producer on
     * a platform thread) must find a worker still spinning.
     */
    private static final long SPIN_NANOS = 10_000;
    /**
     * A spinning worker gives up its core every fourth round ({@code sched_yield}). With nobody
     * else runnable the call returns at once; but when a thread that feeds the workers (a
     * platform thread spawning goroutines) is waiting for a core that a spinner holds, every
     * round of spinning is a round of its work not done, the spinner finds nothing, parks, and
     * the feeder's next task has to wake it with a system call.
     */
    private static final int YIELD_EVERY_MASK = 3;

    private static final VarHandle STATE;
    private static final VarHandle TICK;
    private static final VarHandle SEARCHES;
    private static final VarHandle SLICES;
    private static final VarHandle PREEMPT;
    private static final VarHandle SCRATCH_LENT;
    private static final VarHandle LONG_OPAQUE = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Worker.class, "state", int.class);
            TICK = l.findVarHandle(Worker.class, "tick", long.class);
            SEARCHES = l.findVarHandle(Worker.class, "searches", long.class);
            SLICES = l.findVarHandle(Worker.class, "slices", long.class);
            PREEMPT = l.findVarHandle(Worker.class, "preempt", boolean.class);
            SCRATCH_LENT = l.findVarHandle(Worker.class, "scratchLent", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Indices into counters.
    static final int STEALS_ATTEMPTED = 0;
    static final int STEALS_SUCCEEDED = 1;
    static final int RUNNEXT_HANDOFFS = 2;
    static final int PARKS = 3;
    static final int WAKEUPS = 4;
    static final int GLOBAL_DRAINS = 5;
    static final int COUNTERS = 6;

    final WorkStealingExecutor pool;
    /** Its place in the order workers were created (compensating ones included). */
    final int index;
    final RunQueue queue = new RunQueue();
    final boolean compensating;
    private final long[] counters = new long[COUNTERS];

    private volatile int state = RUNNING;
    /** Written by the owner only (opaque), sampled by the monitor. */
    private long tick;
    /**
     * Rounds of looking for work ever made (one per pass of the scheduling loop or of its spin
     * loop); owner-written (opaque), sampled by the monitor: a worker between tasks whose
     * count stands still is not running at all.
     */
    private long searches;
    /**
     * Time slices ever started: takes other than from {@code runnext}. Owner-written (opaque),
     * sampled by the monitor (Go's {@code schedtick}).
     */
    private long slices;
    /** Set by the monitor when the current slice has run out; cleared by the owner. Opaque. */
    private boolean preempt;
    /** Whether it is blocked (or about to block) in the netpoller's poll while parked. */
    private volatile boolean inNetpoll;
    /** Owner-only: whether this worker is counted in {@code pool.spinning}. */
    private boolean spinning;
    /** The task this worker is running; lets the executor tell a yield from a handoff. */
    Runnable current;
    /**
     * The due timer this worker took from the timer heap to fire, until it has run; lets the
     * executor tell a goroutine readied by a timer from one readied by a goroutine's exit.
     */
    Runnable dueTimer;

    /** The buffer {@link #takeScratch} lends; allocated on the first take. Owner's (code running on it). */
    private ByteBuffer scratch;
    /** Whether {@link #scratch} is lent; set by code running on this worker, cleared by any thread. */
    @SuppressWarnings("unused")
    private volatile boolean scratchLent;

    // Monitor-only fields (read and written by the monitor thread).
    long seenProgress = -1;
    long seenSince;
    int seenCount;
    long seenSlices = -1;
    long seenSlicesSince;

    Worker(WorkStealingExecutor pool, int index, boolean compensating, String name) {
        super(null, null, name, 0, false);
        this.pool = pool;
        this.index = index;
        this.compensating = compensating;
        setDaemon(true);
    }

    @Override
    public ByteBuffer takeScratch() {
        ByteBuffer s = scratch;
        if (s == null) {
            scratch = s = ByteBuffer.allocateDirect(SCRATCH_BYTES);
        }
        return SCRATCH_LENT.compareAndSet(this, false, true) ? s : null;
    }

    @Override
    public void returnScratch(ByteBuffer s) {
        if (s == scratch) {
            SCRATCH_LENT.setRelease(this, false);
        }
    }

    @Override
    public void run() {
        try {
            for (Runnable task; (task = findRunnable()) != null; ) {
                runTask(task);
                if (compensating && pool.surplus() && pool.tryRetire(this)) {
                    break;                   // the stall it stood in for has ended
                }
            }
        } finally {
            pool.onWorkerExit(this);
        }
    }

    private void runTask(Runnable task) {
        current = task;
        TICK.setOpaque(this, tick + 1);     // odd: running a task
        try {
            task.run();
        } catch (Throwable t) {
            // A virtual thread's continuation handles its own exceptions; anything reaching here
            // is a JDK-internal failure. Never let it kill the carrier.
            pool.reportWorkerFailure(this, t);
        } finally {
            TICK.setOpaque(this, tick + 1); // even: between tasks
            current = null;
            dueTimer = null;
        }
    }

    /** A due timer to fire, now the task this worker runs next; or null. */
    private Runnable pollDueTimer() {
        Runnable t = TimerQueue.pollDue();
        dueTimer = t;
        return t;
    }

    private Runnable findRunnable() {
        for (;;) {
            SEARCHES.setOpaque(this, searches + 1);
            Runnable task = pollLocalOrGlobal();
            if (task == null) {
                task = pollNetwork();
            }
            if (task == null && pool.stealing && (spinning || pool.maySpin())) {
                if (!spinning) {
                    spinning = true;
                    pool.spinning.incrementAndGet();
                }
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                for (int round = 0; task == null; round++) {
                    SEARCHES.setOpaque(this, searches + 1);
                    task = pool.pollTimed(this);
                    if (task == null) {
                        task = steal();
                    }
                    if (task == null) {
                        task = pool.pollInjected(this);
                    }
                    if (task == null) {
                        task = pollDueTimer();           // Go's checkTimers
                    }
                    if (task == null) {
                        if ((round & 15) == 15 && System.nanoTime() - spinUntil > 0) {
                            break;
                        }
                        if ((round & YIELD_EVERY_MASK) == YIELD_EVERY_MASK) {
                            Thread.yield();
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                }
                if (task != null) {
                    startSlice();
                }
            }
            if (task != null) {
                if (spinning) {
                    spinning = false;
                    if (pool.spinning.decrementAndGet() == 0 && pool.hasWork()) {
                        pool.wakeIdle();   // Go's resetspinning, when there is more to take
                    }
                }
                return task;
            }
            if (!park()) {
                return null;
            }
        }
    }

    /**
     * Go's non-blocking {@code netpoll} in {@code findRunnable}: the goroutines whose sockets are
     * ready come to this worker's ring (see {@link WorkStealingExecutor#execute}); one of them, or
     * null.
     */
    private Runnable pollNetwork() {
        Netpoll.Poll net = Netpoll.get();
        if (net == null || net.pollNow() == 0) {
            return null;
        }
        Runnable task = queue.pollRing();
        if (task != null) {
            startSlice();
        }
        return task;
    }

    private Runnable pollLocalOrGlobal() {
        Runnable task = null;
        if ((tick & (2 * TIMER_CHECK_PERIOD - 1)) == 0) {   // tick advances by 2 per task
            task = pollDueTimer();
        }
        if (task == null && tick % (2 * GLOBAL_CHECK_PERIOD) == 0) {
            task = pool.pollInjectedOne(this);
        }
        if (task == null) {
            task = pool.pollTimed(this);
        }
        if (task == null) {
            task = pollNext();
            if (task != null) {
                return task;                 // inherits the slice
            }
            task = queue.pollRing();
        }
        if (task == null) {
            task = pool.pollInjected(this);
        }
        if (task != null) {
            startSlice();
        }
        return task;
    }

    /**
     * {@code runnext}, unless the monitor has found the current slice used up: then the
     * goroutine in {@code runnext} goes to the ring's tail and {@code null} is returned, so the
     * caller takes the ring's head (which may be that same goroutine, if it was alone).
     */
    private Runnable pollNext() {
        if ((boolean) PREEMPT.getOpaque(this)) {
            PREEMPT.setOpaque(this, false);
            Runnable next = queue.pollNext();
            if (queue.ringSize() == 0) {
                // Nothing else is queued here. A worker steals only when it runs dry, and one
                // that two goroutines keep busy by handing it back and forth never does, however
                // long the other workers' queues: so the slice's end is when it takes its share.
                Runnable stolen = steal();
                if (stolen != null) {
                    queue.offer(stolen, pool.global);
                }
            }
            if (next != null) {
                queue.offer(next, pool.global);
            }
            return null;
        }
        return queue.pollNext();
    }

    private void startSlice() {
        SLICES.setOpaque(this, slices + 1);
    }

    /** Monitor: the current slice has run out; the next handoff goes behind the queued work. */
    void preempt() {
        PREEMPT.setOpaque(this, true);
    }

    long slices() {
        return (long) SLICES.getOpaque(this);
    }

    private Runnable steal() {
        Worker[] workers = pool.workers();
        int n = workers.length;
        int start = ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            Worker victim = workers[(start + i) % n];
            if (victim == this || victim.queue.ringSize() < pool.stealMinVictim) {
                continue;
            }
            add(STEALS_ATTEMPTED, 1);
            Runnable task = queue.stealInto(victim.queue, pool.stealMinVictim);
            if (task != null) {
                add(STEALS_SUCCEEDED, 1);
                return task;
            }
        }
        return null;
    }

    /**
     * Parks until woken. Returns false when this worker should exit (scheduler terminated, or a
     * compensating worker that is no longer needed).
     */
    private boolean park() {
        if (pool.isTerminated()) {
            return false;
        }
        state = PARKED;
        pool.idle.incrementAndGet();
        if (spinning) {
            spinning = false;
            pool.spinning.decrementAndGet();
        }
        VarHandle.fullFence();
        if (pool.hasWork()) {
            if (claimFromPark()) {
                pool.idle.decrementAndGet();
                return true;
            }
            // A waker claimed us first and counted us as spinning.
            spinning = true;
            return true;
        }
        add(PARKS, 1);
        while (state == PARKED) {
            if (pool.isTerminated()) {
                if (claimFromPark()) {
                    pool.idle.decrementAndGet();
                }
                return false;
            }
            if (compensating) {
                if (pool.surplus()) {
                    if (!claimFromPark()) {
                        break;               // a waker claimed us first: work to do
                    }
                    pool.idle.decrementAndGet();
                    return !pool.tryRetire(this);
                }
                LockSupport.parkNanos(this, COMPENSATING_RECHECK_NANOS);
            } else {
                int polled = pollNetworkParked();
                if (polled == READIED) {
                    pool.idle.decrementAndGet();
                    return true;             // readied goroutines in its own ring; not spinning
                }
                if (polled == NOT_POLLED) {
                    LockSupport.park(this);
                }
            }
        }
        add(WAKEUPS, 1);
        if (pool.isTerminated()) {
            return false;
        }
        spinning = true;      // the waker counted us in pool.spinning
        return true;
    }

    /**
     * Parked, blocks in the netpoller's poll instead of {@link LockSupport#park} if no one else
     * does (Go's {@code findRunnable} before {@code stopm}). Returns {@link #READIED} if it
     * readied goroutines into this worker's ring and took itself out of the park;
     * {@link #POLLED} if it polled (or found itself claimed) and must look at its state again;
     * {@link #NOT_POLLED} if another thread has the poll, so it should park.
     *
     * <p>A waker that claims this worker reads {@code inNetpoll} after its CAS of the state; this
     * worker writes {@code inNetpoll} before it reads the state again (all volatile): either the
     * waker sees the flag and ends the poll ({@link Netpoll.Poll#wakeup()}), or this worker sees
     * the claim and does not poll.
     */
    private int pollNetworkParked() {
        Netpoll.Poll net = Netpoll.get();
        if (net == null || !net.tryClaimBlocking()) {
            return NOT_POLLED;
        }
        inNetpoll = true;
        try {
            if (state != PARKED || pool.isTerminated()) {
                net.releaseBlocking();
                return POLLED;
            }
            return net.pollBlocking() > 0 && claimFromPark() ? READIED : POLLED;
        } finally {
            inNetpoll = false;
        }
    }

    /** Waker side, after claiming this worker: ends its blocking poll, if it is in one. */
    void wakeFromNetpoll() {
        if (inNetpoll) {
            Netpoll.Poll net = Netpoll.get();
            if (net != null) {
                net.wakeup();
            }
        }
    }

    private boolean claimFromPark() {
        return STATE.compareAndSet(this, PARKED, RUNNING);
    }

    /** Waker side: claims a parked worker; the caller must then {@link LockSupport#unpark} it. */
    boolean tryClaimParked() {
        return state == PARKED && STATE.compareAndSet(this, PARKED, RUNNING);
    }

    boolean isParked() {
        return state == PARKED;
    }

    long tick() {
        return (long) TICK.getOpaque(this);
    }

    long searches() {
        return (long) SEARCHES.getOpaque(this);
    }

    void add(int counter, long delta) {
        LONG_OPAQUE.setOpaque(counters, counter, (long) LONG_OPAQUE.getOpaque(counters, counter) + delta);
    }

    long counter(int counter) {
        return (long) LONG_OPAQUE.getOpaque(counters, counter);
    }
}
