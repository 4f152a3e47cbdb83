package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The timer facility behind {@code dev.weft.time} (timers, tickers, {@code after}) and context
 * deadlines. Public only so that Weft's packages can share it; not part of Weft's API.
 *
 * <h2>Implementation overview</h2>
 * A binary min-heap of {@link Entry entries} ordered by {@link System#nanoTime()} deadline, each
 * entry knowing its heap index so that a stopped timer is removed at once (O(log n)) and holds no
 * memory; the heap is guarded by a {@link SpinLock} (a few dozen instructions per operation,
 * never parks). Two kinds of thread fire due timers:
 * <ul>
 *   <li>Idle scheduler workers, while they spin looking for work, take due timers with
 *       {@link #pollDue()} and run them on their own core, as Go's Ps run their timers. This
 *       uses only {@link SpinLock#tryLock()}: a worker never waits for the heap.</li>
 *   <li>One daemon thread parks until the earliest deadline (woken early when an earlier one is
 *       added) and fires what is due: the fallback when every worker is parked.</li>
 * </ul>
 * Timer actions only send on a channel, close one, unpark or start a goroutine; they never
 * block. One facility serves the whole JVM rather than one per scheduler: firing a timer only
 * readies goroutines, which go to whichever scheduler runs them.
 */
public final class TimerQueue {
    private static final VarHandle NEXT_DUE;

    static {
        try {
            NEXT_DUE = MethodHandles.lookup().findStaticVarHandle(TimerQueue.class, "nextDue", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final SpinLock LOCK = new SpinLock();
    private static Entry[] heap = new Entry[64];       // guarded by LOCK
    private static int size;                           // guarded by LOCK
    /** Deadline of the heap's head, or Long.MAX_VALUE: a lock-free pre-check for pollers. */
    private static volatile long nextDue = Long.MAX_VALUE;
    private static final Thread FIRER;

    static {
        FIRER = new Thread(TimerQueue::fireLoop, "weft-timer");
        FIRER.setDaemon(true);
        FIRER.start();
    }

    private TimerQueue() {}

    /**
     * A scheduled action; {@link #cancel()} removes it from the heap. Running an entry taken by
     * {@link #pollDue()} fires it (and reschedules a periodic one).
     */
    public static final class Entry implements Runnable {
        private final Runnable action;
        private final long period;
        private long due;
        private int index = -1;          // position in the heap, -1 when not in it; guarded by LOCK
        private boolean cancelled;       // guarded by LOCK

        private Entry(Runnable action, long due, long period) {
            this.action = action;
            this.due = due;
            this.period = period;
        }

        @Override
        public void run() {
            fire(this);
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
                cancelled = true;
                if (index < 0) {
                    return false;
                }
                removeAt(index);
                return true;
            } finally {
                LOCK.unlock();
            }
        }
    }

    /** Runs {@code action} once after {@code delayNanos}; it must not block. */
    public static Entry schedule(Runnable action, long delayNanos) {
        return add(new Entry(action, System.nanoTime() + Math.max(0, delayNanos), 0));
    }

    /** Runs {@code action} every {@code periodNanos}, first after one period; it must not block. */
    public static Entry scheduleAtFixedRate(Runnable action, long periodNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("timer period must be positive, but is " + periodNanos + " ns");
        }
        return add(new Entry(action, System.nanoTime() + periodNanos, periodNanos));
    }

    private static Entry add(Entry e) {
        boolean earliest;
        LOCK.lock();
        try {
            insert(e);
            earliest = heap[0] == e;
        } finally {
            LOCK.unlock();
        }
        if (earliest) {
            LockSupport.unpark(FIRER);
        }
        return e;
    }

    /**
     * Takes one due action, if there is one and the heap is free this instant; the caller runs
     * it. Never waits.
     */
    public static Entry pollDue() {
        if (System.nanoTime() - (long) NEXT_DUE.getAcquire() < 0 || !LOCK.tryLock()) {
            return null;
        }
        try {
            return takeDue(System.nanoTime());
        } finally {
            LOCK.unlock();
        }
    }

    /** Runs a due action and, if it is periodic and still wanted, schedules its next run. */
    private static void fire(Entry e) {
        e.action.run();
        if (e.period > 0) {
            boolean earliest;
            LOCK.lock();
            try {
                if (e.cancelled) {
                    return;
                }
                e.due += e.period;
                insert(e);
                earliest = heap[0] == e;
            } finally {
                LOCK.unlock();
            }
            if (earliest) {
                LockSupport.unpark(FIRER);
            }
        }
    }

    /** Timers pending now; for tests and monitoring. */
    public static int pending() {
        LOCK.lock();
        try {
            return size;
        } finally {
            LOCK.unlock();
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
            } finally {
                LOCK.unlock();
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

    private static void insert(Entry e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        e.index = size;
        heap[size++] = e;
        siftUp(e.index);
        publishNextDue();
    }

    private static void removeAt(int i) {
        Entry removed = heap[i];
        removed.index = -1;
        Entry last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.index = i;
            siftDown(i);
            if (heap[i] == last) {
                siftUp(i);
            }
        }
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);   // a stopped timer frees its slot too
        }
        publishNextDue();
    }

    private static void publishNextDue() {
        NEXT_DUE.setRelease(size == 0 ? Long.MAX_VALUE : heap[0].due);
    }

    private static void siftUp(int i) {
        Entry e = heap[i];
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
        heap[i] = e;
        e.index = i;
    }

    private static void siftDown(int i) {
        Entry e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Entry c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].due - c.due < 0) {
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
