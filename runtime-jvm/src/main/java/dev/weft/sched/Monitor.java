package dev.weft.sched;

import dev.weft.trace.WorkerCompensation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler's watchdog: Go's {@code sysmon}, on one platform thread per scheduler.
 */
final class Monitor extends Thread {
    /*
     * Implementation overview.
     *
     * A virtual thread cannot be preempted, so where Go would preempt a goroutine that has run
     * past its time slice, Weft adds capacity instead. Every {@value #PERIOD_MICROS} µs the
     * monitor samples each worker's {@code tick} (odd while a task runs):
     * <ul>
     *   <li>A worker whose tick is odd and has not moved for a time slice (10 ms by default) is
     *       <em>hogged</em> by one goroutine. A worker whose tick has not moved for a few periods
     *       while its carrier thread is blocked (a pinned virtual thread waiting in native code,
     *       in a class initializer, or in {@code Object.wait} on older JDKs) is <em>pinned</em>.
     *       A worker that has been between tasks, neither parked nor looking for work, for
     *       a few periods is <em>starved</em>: it was woken, or counts as spinning, but its thread
     *       gets no core (the operating system or a hypervisor has taken it away), and it keeps
     *       others from being woken.</li>
     *   <li>A stalled worker's {@code runnext} is moved to the global queue, where any worker can
     *       take it (thieves never take {@code runnext}: it is meant to stay local).</li>
     *   <li>If work is waiting and any worker is stalled (hogged, pinned or starved): an idle
     *       worker is woken if there is one, whatever the spinning count;
     *       otherwise a compensating worker is added, at most one per period, and only while the
     *       workers number fewer than the configured count plus the stalled ones: compensation
     *       restores the configured parallelism (as {@code ForkJoinPool}'s does), it never grows
     *       past it, and never past the configured bound. The count of stalled workers is
     *       published; a compensating worker retires, after its current task or while parked, as
     *       soon as the workers outnumber the configured count plus the stalled ones, so the
     *       scheduler returns to N carriers when the stall ends.</li>
     *   <li>A worker whose count of time slices ({@code slices}) has not moved for a time slice is
     *       asked to end it ({@link Worker#preempt()}): goroutines handing it back and forth
     *       through {@code runnext} share one slice (Go's {@code inheritTime}), and at its end the
     *       next handoff queues behind the worker's ring. See {@link Worker}'s overview.</li>
     *   <li>If work is waiting, an idle worker exists and nobody is spinning, one is woken: the
     *       last line of defence against a wake-up missed by a heuristic on the fast path.</li>
     * </ul>
     * When every worker has been parked for a while the monitor parks until
     * {@link WorkStealingExecutor#wakeIdle()} or termination wakes it (Go: sysmon's deep sleep), so
     * an idle scheduler costs no CPU.
     *
     *
     * About once every {@value #WAIT_LOOK_MILLIS} ms while it is awake, and once before each deep
     * sleep (no sooner than that after the last look: it naps until then), the monitor looks at every
     * live goroutine, so that each parked one records since when it waits
     * ({@link GoroutineInfo#waited()}) at no cost to the goroutine itself. A goroutine can only park
     * while a worker runs it, and a worker can only run after a wake-up that wakes the monitor too,
     * so the look before the deep sleep sees every wait that began before it. The goroutines that
     * have waited for a {@code Mutex} or {@code RWMutex} since the look before are searched for
     * lock cycles ({@link LockCycles}), and each cycle found is reported once
     * ({@link Scheduler#lockCycleFound}); the watch costs nothing while no goroutine waits that
     * long for a lock. Before a deep sleep, if goroutines have just begun to wait for a lock, the
     * monitor naps until the next look is due instead, so a cycle among otherwise idle
     * goroutines is reported too.
     */

    static final long PERIOD_MICROS = 1000;
    private static final long PERIOD_NANOS = PERIOD_MICROS * 1000;
    private static final int IDLE_PERIODS_BEFORE_SLEEP = 50;
    private static final int MIN_SAMPLES = 3;
    private static final int STALL_HOLD_PERIODS = 20;
    static final long WAIT_LOOK_MILLIS = 1000;
    private static final long WAIT_LOOK_NANOS = WAIT_LOOK_MILLIS * 1_000_000;

    private final WorkStealingExecutor pool;
    private final long timeSliceNanos;
    private final DeadlockCheck deadlocks;
    private volatile boolean sleeping;
    private int holdPeriods;
    private long lastWaitLook = System.nanoTime();
    /** Whether the goroutines' waits were looked at since the monitor last woke up. */
    private boolean lookedSinceWake;
    private final ArrayList<Goroutine> looked = new ArrayList<>();
    /** At a look: the goroutines that have waited for a lock since the look before. */
    private final ArrayList<Goroutine> lockWaiters = new ArrayList<>();
    /** Whether the last look saw goroutines begin to wait for a lock since the one before. */
    private boolean lockWaitsPending;
    /** The lock cycles reported, as their goroutines' ids, while they last. */
    private Set<List<Long>> reportedCycles = Set.of();

    Monitor(WorkStealingExecutor pool, long timeSliceNanos, String name) {
        super(null, null, name, 0, false);
        this.pool = pool;
        this.timeSliceNanos = timeSliceNanos;
        this.deadlocks = new DeadlockCheck(pool.owner, pool);
        setDaemon(true);
    }

    /** Ends a deep sleep; cheap when the monitor is awake. */
    void wake() {
        if (sleeping) {
            LockSupport.unpark(this);
        }
    }

    @Override
    public void run() {
        int idlePeriods = 0;
        while (!pool.isTerminated()) {
            if (idlePeriods >= IDLE_PERIODS_BEFORE_SLEEP) {
                sleeping = true;
                if (allParked() && !pool.hasWork() && !pool.isTerminated()) {
                    long nap = checkDeadlock();
                    long look = lookBeforeSleep(System.nanoTime());
                    if (nap == 0 || (look != 0 && look < nap)) {
                        nap = look;
                    }
                    if (nap == 0) {
                        LockSupport.park(this);
                    } else {
                        LockSupport.parkNanos(this, nap);
                    }
                }
                sleeping = false;
                lookedSinceWake = false;
                idlePeriods = 0;
            } else {
                LockSupport.parkNanos(this, PERIOD_NANOS);
            }
            idlePeriods = allParked() ? idlePeriods + 1 : 0;
            long now = System.nanoTime();
            retake(now);
            if (now - lastWaitLook >= WAIT_LOOK_NANOS) {
                lookAtWaits(now);
            }
        }
    }

    /**
     * Before a deep sleep: looks at the goroutines' waits unless that was done since the last
     * wake-up; returns 0, or how long to nap first when the last look was too recent.
     */
    private long lookBeforeSleep(long now) {
        if (lookedSinceWake) {
            return 0;
        }
        long wait = lastWaitLook + WAIT_LOOK_NANOS - now;
        if (wait > 0) {
            return wait;
        }
        lookAtWaits(now);
        return lockWaitsPending ? WAIT_LOOK_NANOS : 0;   // look again, to see whether they form a cycle
    }

    private void lookAtWaits(long now) {
        lastWaitLook = now;
        lookedSinceWake = true;
        try {
            pool.owner.liveGoroutines(looked);
            lockWaitsPending = false;
            for (Goroutine g : looked) {
                long waited = g.observeWait(now);
                if (waited >= 0 && g.waitsOnLock()) {
                    if (waited >= WAIT_LOOK_NANOS) {
                        lockWaiters.add(g);
                    } else {
                        lockWaitsPending = true;
                    }
                }
            }
            watchLockCycles();
        } catch (Throwable t) {
            // An Error here (an OutOfMemoryError growing a list) must not stop the monitor.
            System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "looking at goroutine waits failed", t);
        } finally {
            looked.clear();
            lockWaiters.clear();
        }
    }

    /**
     * Reports each lock cycle among the goroutines that have waited for a lock since the last
     * look, once: a goroutine of a cycle waits for good, so it is among them from the look after
     * the cycle closed.
     */
    private void watchLockCycles() {
        Set<List<Long>> found = new HashSet<>();
        if (!lockWaiters.isEmpty()) {
            for (List<Goroutine> cycle : LockCycles.find(lockWaiters)) {
                List<Long> ids = cycle.stream().map(Goroutine::id).toList();
                found.add(ids);
                if (!reportedCycles.contains(ids)) {
                    pool.owner.lockCycleFound(cycle);
                }
            }
        }
        reportedCycles = found;
    }

    /** One step of the deadlock check; a failure of the check never stops the monitor. */
    private long checkDeadlock() {
        try {
            return deadlocks.step();
        } catch (Throwable t) {
            System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "deadlock check failed", t);
            return 0;
        }
    }

    /**
     * Publishes how many workers are stalled, holding a higher count for
     * {@value #STALL_HOLD_PERIODS} periods after it drops: a hog that yields for a moment should
     * not make its compensating worker retire and a new one start 10 ms later.
     */
    private void publishStalled(int stalled) {
        if (stalled >= pool.stalled) {
            pool.stalled = stalled;
            holdPeriods = STALL_HOLD_PERIODS;
        } else if (holdPeriods > 0) {
            holdPeriods--;
        } else {
            pool.stalled = stalled;
        }
    }

    private boolean allParked() {
        for (Worker w : pool.workers()) {
            if (!w.isParked()) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code sysmon} preemption of a goroutine (here: a chain of handoffs) past its slice. */
    private void endLongSlice(Worker w, long now) {
        long slices = w.slices();
        if (slices != w.seenSlices || w.isParked()) {
            w.seenSlices = slices;
            w.seenSlicesSince = now;
        } else if (now - w.seenSlicesSince >= timeSliceNanos) {
            w.preempt();
            w.seenSlicesSince = now;
        }
    }

    private void retake(long now) {
        int stalled = 0;
        for (Worker w : pool.workers()) {
            endLongSlice(w, now);
            long tick = w.tick();
            long progress = tick + w.searches();     // both only grow: a change in either shows
            // A parked worker is idle, not stalled: its samples start counting once it is
            // woken (else the first sample after a wake-up would find it "still" for long).
            if (progress != w.seenProgress || w.isParked()) {
                w.seenProgress = progress;
                w.seenSince = now;
                w.seenCount = 0;
                continue;
            }
            // Several samples, not one: a GC pause makes one sample look like a long run.
            if (++w.seenCount < MIN_SAMPLES) {
                continue;
            }
            if ((tick & 1) == 0) {
                // Between tasks, not parked, and not even looking for work: woken, or counted
                // as spinning, but its thread gets no core.
                stalled++;
                continue;
            }
            long ran = now - w.seenSince;
            boolean pinned = w.getState() != State.RUNNABLE;
            if (ran >= timeSliceNanos || pinned) {
                stalled++;
                Runnable next = w.queue.takeNext();
                if (next != null) {
                    pool.global.offer(next);
                }
            }
        }
        publishStalled(stalled);
        if (!pool.hasWork()) {
            return;
        }
        if (pool.idle.get() > 0) {
            if (stalled > 0) {
                pool.wakeParked();           // a stalled spinner would keep wakeIdle quiet
            } else if (pool.spinning.get() == 0) {
                pool.wakeIdle();
            }
        } else if (stalled > 0) {
            if (pool.addCompensatingWorker(stalled)) {
                WorkerCompensation event = new WorkerCompensation();
                if (event.shouldCommit()) {
                    event.scheduler = pool.owner.name();
                    event.stalled = stalled;
                    event.workers = pool.workerCount();
                    event.commit();
                }
            }
        }
    }
}
