package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * The timer facility behind {@code dev.weft.time} (timers, tickers, {@code after}) and context
 * deadlines. Public only so that Weft's packages can share it; not part of Weft's API.
 */
public final class TimerQueue {
    /*
     * Implementation overview.
     *
     * A binary min-heap of {@link Entry entries} ordered by {@link System#nanoTime()} deadline, each
     * entry knowing its heap index so that a stopped timer is removed at once (O(log n)) and holds no
     * memory; the heap is guarded by a {@link SpinLock} (a few dozen instructions per operation).
     * It is the busiest lock in Weft (every sleep, timeout and timer takes it two or three times).
     * It spins rather than parks: a waiter that parks at once (as on a {@code ReentrantLock}) must
     * be scheduled again behind other runnable goroutines, which makes timer operations wait far
     * longer under load than the few instructions the holder needs.
     * One daemon thread, {@code weft-timer}, parks until the earliest deadline and fires what is
     * due. It records, under the lock, whether it is parked and until when; an insertion unparks it
     * only if it is parked and the new deadline is earlier than the one it sleeps towards, so a
     * stream of timeouts that are set and stopped (the common case) costs no wake-ups.
     *
     *
     * Timer actions only send on a channel, close one, unpark or start a goroutine; they never
     * block. The timer thread can run any of them. Scheduler workers also fire timers, as Go's Ps
     * do ({@code checkTimers}): while they look for work, and every few tasks while busy — so a
     * timer thread starved of a core by busy workers cannot make timers late. A worker runs only an
     * entry's <em>non-waiting</em> form ({@link #scheduleNonWaiting}): an unpark, or a channel send
     * that gives up if the channel's lock is taken, because a carrier must never wait for a lock a
     * parked goroutine may hold (see {@link SpinLock}). An entry whose non-waiting form gives up,
     * or that has none, is left to the timer thread. Workers take entries with
     * {@link #pollDue()}, which reads one volatile deadline when nothing is due and only ever tries
     * the heap's lock. One facility serves the whole JVM rather than one per scheduler: firing a
     * timer only readies goroutines, which go to whichever scheduler runs them.
     *
     *
     * <b>Errors.</b> A StackOverflowError strikes at a call (a call that finds too little stack
     * left throws before it runs), and an OutOfMemoryError at an allocation; either may come
     * from a timer created or stopped deep in a goroutine's stack. The lock is released in
     * {@code finally} (see SpinLock). Beyond that, every change under the lock is ordered so
     * that such an Error leaves either nothing changed or a complete change:
     * <ul>
     *   <li>The heap changes in one call that makes no call itself ({@link #siftInto}). Insertion
     *       grows the array before it, and fills the slot past the end, which nothing reads,
     *       before the store that counts it; removal fills the hole with the last entry first and
     *       only then drops the last slot and the count; shrinking the array comes after, on a
     *       whole heap, and so does publishing {@code nextDue}: if that fails, the hint is stale
     *       until the next change, which at worst leaves a due timer to the timer thread or
     *       sends a worker to try the lock for nothing.</li>
     *   <li>An insertion that wakes the timer thread unparks it before it inserts and clears
     *       {@code firerParked} after: an Error in the unpark leaves the flag set, so the next
     *       insertion wakes the thread instead (clearing the flag first and then failing to unpark
     *       left the thread asleep and every later insertion taking it for awake); an Error in the
     *       insertion after the unpark costs only a spurious wake-up. So the unpark is made
     *       under the lock, which only an insertion that must wake the thread pays for.</li>
     *   <li>A cancellation removes the entry before it marks it cancelled, so one that fails has
     *       done nothing.</li>
     * </ul>
     */

    private static final SpinLock LOCK = new SpinLock();
    private static Entry[] heap = new Entry[64];       // guarded by LOCK
    /** Whether the timer thread is parked (or about to park); guarded by LOCK. */
    private static boolean firerParked;
    /** When the parked timer thread wakes by itself; guarded by LOCK, meaningful while parked. */
    private static long firerWakesAt;
    private static int size;                           // guarded by LOCK
    private static final Thread FIRER;

    static {
        FIRER = new Thread(TimerQueue::fireLoop, "weft-timer");
        FIRER.setDaemon(true);
        FIRER.start();
    }

    private static final VarHandle NEXT_DUE;

    static {
        try {
            NEXT_DUE = MethodHandles.lookup().findStaticVarHandle(TimerQueue.class, "nextDue", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The head's deadline if a worker may fire the head (it has a non-waiting form), else
     * {@code Long.MAX_VALUE}: the lock-free pre-check of {@link #pollDue()}.
     */
    private static volatile long nextDue = Long.MAX_VALUE;

    private TimerQueue() {}

    /**
     * A scheduled action; {@link #cancel()} removes it from the heap. Running an entry taken by
     * {@link #pollDue()} tries its non-waiting form on the caller's thread and leaves it to the
     * timer thread if that gives up.
     */
    public static final class Entry implements Runnable {
        private final Runnable action;
        private BooleanSupplier nonWaiting;   // null: timer thread only; guarded by LOCK once queued
        private final long period;
        private long due;
        private int index = -1;          // position in the heap, -1 when not in it; guarded by LOCK
        private boolean cancelled;       // guarded by LOCK

        private Entry(Runnable action, BooleanSupplier nonWaiting, long due, long period) {
            this.action = action;
            this.nonWaiting = nonWaiting;
            this.due = due;
            this.period = period;
        }

        /** On a worker, after {@link #pollDue()}: the non-waiting form, else back to the timer thread. */
        @Override
        public void run() {
            if (!nonWaiting.getAsBoolean()) {
                requeueForFirer(this);
            }
        }

        /**
         * Stops the action from running (again).
         *
         * @return true if this removed it before it ran (for a periodic action: if it was
         *         still scheduled)
         */
        public boolean cancel() {
            LOCK.lock();
            try {
                if (index < 0) {
                    cancelled = true;        // firing or fired: a periodic one is not put back
                    return false;
                }
                removeAt(index);
                cancelled = true;
                return true;
            } finally {
                try {
                    LOCK.unlock();
                } catch (StackOverflowError overflow) {
                    LOCK.locked = 0;         // see SpinLock: a field store cannot overflow
                    throw overflow;
                }
            }
        }
    }

    /** Runs {@code action} once after {@code delayNanos}, on the timer thread; it must not block. */
    public static Entry schedule(Runnable action, long delayNanos) {
        return add(new Entry(action, null, System.nanoTime() + Math.max(0, delayNanos), 0));
    }

    /**
     * Runs once after {@code delayNanos}: a worker may run {@code nonWaiting}, which must not
     * wait for anything (no lock but by {@code tryLock}) and returns false if it would have had
     * to; then, or if no worker gets to it, the timer thread runs {@code action}.
     */
    public static Entry scheduleNonWaiting(Runnable action, BooleanSupplier nonWaiting, long delayNanos) {
        return add(new Entry(action, nonWaiting, System.nanoTime() + Math.max(0, delayNanos), 0));
    }

    /** Runs {@code action} every {@code periodNanos}, first after one period; it must not block. */
    public static Entry scheduleAtFixedRate(Runnable action, long periodNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("timer period must be positive, but is " + periodNanos + " ns");
        }
        return add(new Entry(action, null, System.nanoTime() + periodNanos, periodNanos));
    }

    private static Entry add(Entry e) {
        LOCK.lock();
        try {
            boolean wake = firerParked && e.due - firerWakesAt < 0;
            if (wake) {
                LockSupport.unpark(FIRER);   // first: see "Errors" in the overview
            }
            insert(e);
            if (wake) {
                firerParked = false;
            }
        } finally {
            try {
                LOCK.unlock();
            } catch (StackOverflowError overflow) {
                LOCK.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
        return e;
    }

    /**
     * Parks the calling thread for at most {@code nanos}, as {@link LockSupport#parkNanos(Object, long)}
     * does (it may return early, spuriously or on an unpark), with the wake-up coming from this
     * facility when the caller is a virtual thread: every timed wait of a goroutine (sleep,
     * select and channel timeouts) shares one timer heap with Weft's timers and context
     * deadlines. A platform thread parks with a kernel timeout instead, which is cheaper and as
     * precise.
     */
    public static void parkNanos(Object blocker, long nanos) {
        Thread self = Thread.currentThread();
        if (!self.isVirtual()) {
            LockSupport.parkNanos(blocker, nanos);
            return;
        }
        if (nanos <= 0) {
            return;
        }
        Runnable unpark = () -> LockSupport.unpark(self);
        Entry wake = scheduleNonWaiting(unpark, () -> {
            unpark.run();
            return true;
        }, nanos);
        LockSupport.park(blocker);
        wake.cancel();
    }

    /**
     * For scheduler workers: takes the earliest entry if it is due, a worker may run it, and the
     * heap is free this instant; the caller runs it ({@link Entry#run()}). Never waits.
     */
    public static Entry pollDue() {
        if (System.nanoTime() - (long) NEXT_DUE.getAcquire() < 0 || !LOCK.tryLock()) {
            return null;
        }
        try {
            if (size == 0 || heap[0].nonWaiting == null || heap[0].due - System.nanoTime() > 0) {
                return null;
            }
            Entry e = heap[0];
            removeAt(0);
            return e;
        } finally {
            try {
                LOCK.unlock();
            } catch (StackOverflowError overflow) {
                LOCK.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
    }

    /** A worker's non-waiting attempt gave up: the timer thread runs the entry instead, now. */
    private static void requeueForFirer(Entry e) {
        LOCK.lock();
        try {
            if (e.cancelled) {
                return;
            }
            boolean wake = firerParked;
            if (wake) {
                LockSupport.unpark(FIRER);   // first: see "Errors" in the overview
            }
            e.nonWaiting = null;
            insert(e);
            if (wake) {
                firerParked = false;
            }
        } finally {
            try {
                LOCK.unlock();
            } catch (StackOverflowError overflow) {
                LOCK.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
    }

    /** Runs a due action and, if it is periodic and still wanted, schedules its next run. */
    private static void fire(Entry e) {
        e.action.run();
        if (e.period > 0) {
            LOCK.lock();
            try {
                if (!e.cancelled) {
                    // Next due after now: a period shorter than a firing takes (or a thread
                    // that ran late) must not keep the entry due for ever, firing in a loop
                    // ahead of every other timer. Missed periods are skipped, as in Go.
                    long now = System.nanoTime();
                    e.due += e.period;
                    if (e.due - now <= 0) {
                        e.due += ((now - e.due) / e.period + 1) * e.period;
                    }
                    insert(e);         // only the timer thread fires, and it is awake
                }
            } finally {
                try {
                    LOCK.unlock();
                } catch (StackOverflowError overflow) {
                    LOCK.locked = 0;         // see SpinLock: a field store cannot overflow
                    throw overflow;
                }
            }
        }
    }

    /** Whether {@code t} is the timer thread, whose wake-ups a scheduler runs first. */
    public static boolean isFirer(Thread t) {
        return t == FIRER;
    }

    /** Whether a thread holds the heap's lock now; for tests. */
    static boolean isLocked() {
        return LOCK.isLocked();
    }

    /** Whether the timer thread has parked and no insertion has woken it since; for tests. */
    static boolean isFirerParked() {
        LOCK.lock();
        try {
            return firerParked;
        } finally {
            try {
                LOCK.unlock();
            } catch (StackOverflowError overflow) {
                LOCK.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
    }

    /**
     * What is wrong with the heap, or "" if nothing: an entry before its parent, an entry that
     * does not know its place, a slot past the end still filled; for tests.
     */
    static String heapFaults() {
        StringBuilder faults = new StringBuilder();
        LOCK.lock();
        try {
            for (int i = 0; i < heap.length; i++) {
                Entry e = heap[i];
                Entry parent = i > 0 ? heap[(i - 1) >>> 1] : null;
                if (i >= size && e != null) {
                    faults.append("slot ").append(i).append(" past the end (size ").append(size).append(") filled; ");
                } else if (i < size && e == null) {
                    faults.append("slot ").append(i).append(" empty; ");
                } else if (e != null && e.index != i) {
                    faults.append("entry ").append(i).append(" thinks it is at ").append(e.index).append("; ");
                } else if (e != null && parent != null && e.due - parent.due < 0) {
                    faults.append("entry ").append(i).append(" due before its parent; ");
                }
            }
        } finally {
            LOCK.unlock();
        }
        return faults.toString();
    }

    /** Timers pending now; for tests and monitoring. */
    public static int pending() {
        LOCK.lock();
        try {
            return size;
        } finally {
            try {
                LOCK.unlock();
            } catch (StackOverflowError overflow) {
                LOCK.locked = 0;         // see SpinLock: a field store cannot overflow
                throw overflow;
            }
        }
    }

    private static void fireLoop() {
        while (true) {
            Entry due;
            long wait;
            LOCK.lock();
            try {
                long now = System.nanoTime();
                due = takeDue(now);
                wait = size == 0 ? -1 : heap[0].due - now;
                firerParked = due == null;
                firerWakesAt = wait < 0 ? now + Long.MAX_VALUE / 2 : heap[0].due;
            } finally {
                try {
                    LOCK.unlock();
                } catch (StackOverflowError overflow) {
                    LOCK.locked = 0;         // see SpinLock: a field store cannot overflow
                    throw overflow;
                }
            }
            if (due != null) {
                try {
                    fire(due);
                } catch (Throwable t) {
                    System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "a timer action failed", t);
                }
            } else if (wait < 0) {
                LockSupport.park();
            } else {
                LockSupport.parkNanos(wait);
            }
        }
    }

    // ---------------------------------------------------------------- the heap, under LOCK

    private static Entry takeDue(long now) {
        if (size == 0 || heap[0].due - now > 0) {
            return null;
        }
        Entry e = heap[0];
        removeAt(0);
        return e;
    }

    /** Adds {@code e}; see "Errors" in the overview for the order of its steps. */
    private static void insert(Entry e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftInto(size, e, size + 1);         // into the slot past the end, which nothing reads
        size++;
        publishNextDue();
    }

    /** Removes the entry at {@code i}; see "Errors" in the overview for the order of its steps. */
    private static void removeAt(int i) {
        Entry removed = heap[i];
        int n = size - 1;
        if (i < n) {
            siftInto(i, heap[n], n);         // the last entry fills the hole; its old slot is past the new end
        }
        heap[n] = null;
        size = n;
        removed.index = -1;
        publishNextDue();
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);   // last: the heap is whole if this fails
        }
    }

    /** After a change, on a whole heap: a failure here leaves only the hint stale (see "Errors"). */
    private static void publishNextDue() {
        NEXT_DUE.setRelease(size > 0 && heap[0].nonWaiting != null ? heap[0].due : Long.MAX_VALUE);
    }

    /**
     * Puts {@code e} into the slot {@code hole} of a heap of {@code n} entries (whatever the
     * slot held is overwritten), moving it up or down until the heap is ordered. It makes no
     * call, so an {@link Error} cannot stop it halfway.
     */
    private static void siftInto(int hole, Entry e, int n) {
        int i = hole;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = heap[parent];
            if (e.due - p.due >= 0) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        int half = n >>> 1;
        while (i < half) {                   // after a move up this stops at once: e is above both children
            int child = 2 * i + 1;
            Entry c = heap[child];
            int right = child + 1;
            if (right < n && heap[right].due - c.due < 0) {
                child = right;
                c = heap[child];
            }
            if (e.due - c.due <= 0) {
                break;
            }
            heap[i] = c;
            c.index = i;
            i = child;
        }
        heap[i] = e;
        e.index = i;
    }
}
