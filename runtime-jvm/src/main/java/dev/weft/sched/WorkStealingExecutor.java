package dev.weft.sched;

import dev.weft.internal.Carrier;
import dev.weft.internal.Nanos;
import dev.weft.internal.TimerQueue;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * The M:N scheduler proper: Go's {@code runtime.sched} as the {@link Executor} of virtual threads.
 */
final class WorkStealingExecutor implements Executor {
    /*
     * Implementation overview.
     *
     * The JDK calls {@link #execute} with a virtual thread's continuation whenever that thread
     * becomes runnable: when it starts, when it is unparked, after it yields. The call runs on
     * the thread that made it runnable, so it must neither block nor park; every structure here is
     * lock-free for producers ({@link RunQueue}, {@link GlobalQueue}, {@link ConcurrentLinkedQueue},
     * atomics). Where the task goes:
     * <ul>
     *   <li>The calling thread is (or is mounted on) one of our workers and the task is not the
     *       goroutine that worker is running: a goroutine readied another or spawned one, or a timer
     *       fired on the worker readied one. It goes
     *       to that worker's {@code runnext} (Go's {@code ready(gp, next=true)}), so a channel
     *       handoff or a spawn-then-wait runs on the same core with no other worker involved.
     *       The goroutine it displaces goes to the ring's tail. A parked worker is recruited to
     *       steal only when the ring holds more than that one (Go's {@code wakep} recruits on
     *       every readying): the one displaced is most often the next partner of the same
     *       exchange (a select's other sender), and a thief would move it to another core, where
     *       every handoff with the goroutines left here crosses between caches (a select over two
     *       senders had its goroutines stolen back and forth all the time, and ran much slower;
     *       see the benchmarks). Work that stays queued is still found: by this worker, by a
     *       spinning one, or by the monitor, which wakes a parked worker for it.</li>
     *   <li>The calling thread is the worker itself, not a goroutine on it, and not firing a
     *       timer: a goroutine has ended and the JDK, winding its virtual thread down on the
     *       carrier, readied a goroutine {@code join}ing it. It goes to the tail of the worker's
     *       ring, as the JDK's own scheduler would put it, not to {@code runnext}: {@code runnext}
     *       is for a handoff, where the readier goes on to wait and the readied one carries the
     *       work on. A joiner put there jumps ahead of the goroutines queued behind the one that
     *       ended, which are usually the ones it joins next; it parks on the first of them, is
     *       readied by its end, and so on: a park and a wake-up per goroutine. From the tail it
     *       finds most of them done when it runs again. Go has no such case: a goroutine's end
     *       readies nobody.</li>
     *   <li>The task is the worker's own running goroutine (it yielded, or was unparked while
     *       parking): the tail of that worker's ring, behind everything already waiting
     *       there and behind one task taken from the global queue, if any (Go's {@code Gosched}
     *       puts it on the global queue; this keeps it local without starving injected work).</li>
     *   <li>Weft's timer thread readying a goroutine whose sleep, timeout or timer is due: the
     *       {@code timed} queue, which workers take from before their own queues (Go's Ps run
     *       due timers at the top of {@code schedule} and ready into {@code runnext}, with the
     *       same effect). Injected like the next case otherwise: without it a burst of spawns
     *       queued ahead would make every timer due meanwhile as late as the burst is long.</li>
     *   <li>Anything else (platform threads, the JDK's timer thread, another scheduler's
     *       goroutines): the calling platform thread's own submission queue
     *       ({@link SubmissionQueues}), or the global injection queue if it has none (a virtual
     *       thread, a collision), then {@link #wakeIdle()}.</li>
     * </ul>
     * {@link #wakeIdle()} is Go's {@code wakep}: it wakes one parked worker only if there are
     * idle workers and none is spinning, and it counts the woken worker as spinning before it
     * runs, so bursts of submissions wake workers one at a time rather than all at once. See
     * {@link Worker} for the other half of that handshake and {@link Monitor} for what rescues
     * work stuck behind a goroutine that never parks.
     *
     *
     * The worker array is copy-on-write under {@code this}'s monitor: it changes only when the
     * monitor adds a compensating worker or one retires, never on the task path.
     */

    final GlobalQueue global = new GlobalQueue();
    /** Queues of the platform threads that submit goroutines; see {@link SubmissionQueues}. */
    final SubmissionQueues submissions;
    /** Goroutines the timer thread readied: they run before any other queued work. */
    final ConcurrentLinkedQueue<Runnable> timed = new ConcurrentLinkedQueue<>();
    /** How long the oldest timed task may wait untaken before the timer thread wakes a worker. */
    static final long TIMED_STALL_NANOS = 200_000;
    // Timer thread only: the head of `timed` it last saw, and since when.
    private Runnable timedHead;
    private long timedHeadSince;
    /** Workers parked (or committed to parking); Go's {@code sched.npidle}. */
    final AtomicInteger idle = new AtomicInteger();
    /** Workers looking for work to steal; Go's {@code sched.nmspinning}. */
    final AtomicInteger spinning = new AtomicInteger();
    final boolean stealing;
    final int stealMinVictim;
    final int baseWorkers;
    final int maxWorkers;

    private final String namePrefix;
    private final BiConsumer<Thread, Throwable> workerFailureHandler;
    /** Injections by the timer thread and into the global queue; see {@link #injections()}. */
    private final LongAdder injections = new LongAdder();
    private final long[] retiredCounters = new long[Worker.COUNTERS];
    private volatile Worker[] workers;
    /** Workers the monitor found hogged or pinned at its last pass. */
    volatile int stalled;
    private volatile boolean terminated;
    private final Monitor monitor;
    /** The scheduler whose goroutines this runs. */
    final Scheduler owner;
    private int nextIndex;
    private long compensations;

    WorkStealingExecutor(Scheduler owner, Settings settings, String namePrefix, BiConsumer<Thread, Throwable> workerFailureHandler) {
        this.owner = owner;
        this.stealing = settings.workStealing();
        this.stealMinVictim = settings.stealMinVictim();
        this.baseWorkers = settings.workers();
        this.maxWorkers = settings.workers() + settings.maxCompensation();
        this.submissions = new SubmissionQueues(baseWorkers);
        this.namePrefix = namePrefix;
        this.workerFailureHandler = workerFailureHandler;
        Worker[] initial = new Worker[baseWorkers];
        for (int i = 0; i < baseWorkers; i++) {
            initial[i] = new Worker(this, i, false, namePrefix + "worker-" + i);
        }
        nextIndex = baseWorkers;
        workers = initial;
        for (Worker w : initial) {
            w.start();
        }
        monitor = new Monitor(this, Nanos.of(settings.timeSlice()), namePrefix + "monitor");
        monitor.start();
    }

    @Override
    public void execute(Runnable task) {
        if (Carrier.currentThread() instanceof Worker w && w.pool == this) {
            if (task == w.current) {
                // Yield: let injected work go first too, or a yield loop would starve the global
                // and submission queues until the periodic check.
                Runnable injected = pollInjectedOne(w);
                if (injected != null) {
                    w.queue.offer(injected, global);
                }
                w.queue.offer(task, global);
                return;                      // the worker takes it back right away if alone
            }
            if (Thread.currentThread() == w && (w.current == null || w.current != w.dueTimer)) {
                // A goroutine's exit readied its joiner, or the worker's own poll of the network
                // readied goroutines: behind the queued work, not in runnext.
                w.queue.offer(task, global);
                if (w.queue.ringSize() > 1 && idle.get() > 0) {
                    VarHandle.fullFence();
                    wakeIdle();              // more than the worker takes next: recruit a thief
                }
                return;
            }
            w.queue.putNext(task, global);
            w.add(Worker.RUNNEXT_HANDOFFS, 1);
            if (w.queue.ringSize() > 1 && idle.get() > 0) {
                VarHandle.fullFence();
                wakeIdle();                  // more than the one runnext displaced: recruit a thief
            }
            return;
        }
        if (terminated) {
            // Only reachable if a goroutine outlives termination, which the scheduler prevents;
            // still, never drop a runnable thread on the floor.
            Thread t = new Thread(task, namePrefix + "straggler");
            t.setDaemon(true);
            t.start();
            return;
        }
        Thread caller = Thread.currentThread();
        if (TimerQueue.isFirer(caller)) {
            injections.increment();
            timed.offer(task);               // ends in a CAS: ordered before wakeIdle's reads
            wakeIdle();
            checkTimedProgress();
            return;
        }
        if (submissions.offer(caller, task, global)) {
            VarHandle.fullFence();           // the task is published before wakeIdle's reads
        } else {
            injections.increment();
            global.offer(task);              // ends in a CAS: ordered before wakeIdle's reads
        }
        wakeIdle();
    }

    /**
     * Timer thread only. Go's rule of waking nobody while a worker spins assumes the spinner
     * is running; on a loaded machine its core may have been taken away (by the operating
     * system, or a hypervisor stopping a virtual CPU) for milliseconds while the other workers
     * sleep and timed work piles up behind it. If the oldest timed task has not moved for
     * {@value #TIMED_STALL_NANOS} ns, a parked worker is woken whatever the spinning count.
     */
    private void checkTimedProgress() {
        Runnable head = timed.peek();
        long now = System.nanoTime();
        if (head != timedHead) {
            timedHead = head;
            timedHeadSince = now;
        } else if (head != null && now - timedHeadSince > TIMED_STALL_NANOS) {
            timedHeadSince = now;
            wakeParked();
        }
    }

    /**
     * Wakes one parked worker, if any, even though another may be spinning; it starts out
     * counted as spinning, as {@link #wakeIdle()}'s does. For the stall checks only.
     */
    void wakeParked() {
        spinning.incrementAndGet();
        if (!unparkOne()) {
            spinning.decrementAndGet();      // nobody to wake
        }
    }

    /** Go's {@code wakep}: wake one parked worker if there are some and none is spinning. */
    void wakeIdle() {
        if (idle.get() == 0 || spinning.get() != 0 || !spinning.compareAndSet(0, 1)) {
            return;
        }
        if (!unparkOne()) {
            spinning.decrementAndGet();      // nobody to wake: every worker is busy
        }
    }

    /**
     * Claims one parked worker and unparks it, the caller having counted it as spinning
     * already; false if none was parked. Wakes the monitor either way: it may be in deep sleep
     * with everyone parked.
     */
    private boolean unparkOne() {
        try {
            for (Worker w : workers) {
                if (w.tryClaimParked()) {
                    idle.decrementAndGet();
                    LockSupport.unpark(w);
                    w.wakeFromNetpoll();
                    return true;
                }
            }
            return false;
        } finally {
            monitor.wake();
        }
    }

    /** A goroutine the timer thread readied, if any; see {@link Worker}'s overview. */
    Runnable pollTimed(Worker w) {
        Runnable task = timed.poll();
        if (task != null) {
            w.add(Worker.GLOBAL_DRAINS, 1);
        }
        return task;
    }

    /**
     * For worker {@code w}, whose ring must be empty: a goroutine from the global queue and a
     * batch of those behind it into {@code w}'s ring (Go's {@code globrunqget}), else half of a
     * platform thread's submission queue into it, returning one of those goroutines;
     * {@code null} if both are empty (or another worker is taking from the global queue now
     * and no submission queue holds any).
     */
    Runnable pollInjected(Worker w) {
        Runnable task = global.pollBatch(w.queue);
        if (task == null) {
            task = submissions.stealInto(w.queue);
        }
        if (task != null) {
            w.add(Worker.GLOBAL_DRAINS, 1 + w.queue.ringSize());
        }
        return task;
    }

    /**
     * Takes one goroutine from the global queue, else from a submission queue: the periodic
     * fairness check, which may run while {@code w}'s own ring holds work.
     */
    Runnable pollInjectedOne(Worker w) {
        Runnable task = global.poll();
        if (task == null) {
            task = submissions.pollOne();
        }
        if (task != null) {
            w.add(Worker.GLOBAL_DRAINS, 1);
        }
        return task;
    }

    /** Go's rule: spin only while fewer than half of the busy workers are spinning. */
    boolean maySpin() {
        int busy = workers.length - idle.get();
        return 2 * spinning.get() < busy;
    }

    /**
     * Whether a worker looking for work could take some now: injected or timed work, or a ring
     * worth stealing from. Another worker's {@code runnext} does not count: it is not stolen,
     * its owner is awake and about to run it (the monitor rescues it if the owner stalls), and
     * counting it kept an idle worker from parking for as long as a channel ping-pong ran.
     */
    boolean hasWork() {
        if (!global.isEmpty() || !timed.isEmpty() || submissions.hasWork()) {
            return true;
        }
        if (stealing) {
            for (Worker w : workers) {
                if (w.queue.ringSize() >= stealMinVictim) {
                    return true;
                }
            }
        }
        return false;
    }

    Worker[] workers() {
        return workers;
    }

    boolean isTerminated() {
        return terminated;
    }

    /**
     * Adds a compensating worker if fewer than {@code baseWorkers + stalled} workers exist and
     * the bound allows; called by the monitor only.
     */
    synchronized boolean addCompensatingWorker(int stalled) {
        if (terminated || workers.length >= Math.min(maxWorkers, baseWorkers + stalled)) {
            return false;
        }
        int index = nextIndex++;
        Worker w = new Worker(this, index, true, namePrefix + "worker-" + index);
        Worker[] grown = Arrays.copyOf(workers, workers.length + 1);
        grown[grown.length - 1] = w;
        workers = grown;
        compensations++;
        w.start();
        return true;
    }

    /**
     * Whether there are more workers than the configured count plus the stalled ones: a
     * compensating worker is then surplus and should retire. A racy pre-check for
     * {@link #tryRetire}.
     */
    boolean surplus() {
        return workers.length > baseWorkers + stalled;
    }

    /** Removes compensating worker {@code w} if it is still surplus; the caller then exits. */
    synchronized boolean tryRetire(Worker w) {
        if (!surplus()) {
            return false;
        }
        remove(w);
        return true;
    }

    private void remove(Worker w) {
        Worker[] now = workers;
        Worker[] shrunk = new Worker[now.length - 1];
        int j = 0;
        for (Worker x : now) {
            if (x != w) {
                if (j == shrunk.length) {
                    return;                  // already removed
                }
                shrunk[j++] = x;
            }
        }
        workers = shrunk;
    }

    /** A worker's last act: its counters are kept, its queued tasks handed on. */
    void onWorkerExit(Worker w) {
        boolean handedOn = false;
        synchronized (this) {
            for (int i = 0; i < Worker.COUNTERS; i++) {
                retiredCounters[i] += w.counter(i);
            }
            remove(w);
            for (Runnable r; (r = w.queue.poll()) != null; ) {
                global.offer(r);
                handedOn = true;
            }
        }
        if (handedOn) {
            wakeIdle();
        }
    }

    void reportWorkerFailure(Worker w, Throwable t) {
        workerFailureHandler.accept(w, t);
    }

    /** Stops the workers and the monitor once no goroutine is left. */
    void terminate() {
        terminated = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
            w.wakeFromNetpoll();
        }
        monitor.wake();
    }

    synchronized long counter(int index) {
        long sum = retiredCounters[index];
        for (Worker w : workers) {
            sum += w.counter(index);
        }
        return sum;
    }

    /** Tasks made runnable from outside the workers: a racy sum, exact once submitters stop. */
    long injections() {
        return injections.sum() + submissions.submittedTotal();
    }

    synchronized long compensations() {
        return compensations;
    }

    int workerCount() {
        return workers.length;
    }
}
