package dev.weft.net;

import dev.weft.internal.Netpoll;
import dev.weft.internal.OwnThreads;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The Linux netpoller, as Go's: every socket registered once with an edge-triggered epoll
 * instance for both directions, so a wait arms nothing and a wake-up costs no system call beyond
 * the poll itself. It reaches epoll through the JDK's own binding ({@code sun.nio.ch.EPoll}),
 * which needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (or {@code =dev.weft}).
 */
final class EpollPoller extends Poller {
    /*
     * Implementation overview.
     *
     * An edge-triggered registration reports a socket each time it becomes ready (data arrives, room
     * appears, the peer closes), never again for readiness already reported. That fits
     * {@link PollDesc}'s ready flags: the poller sets a direction's flag and unparks its waiter; a
     * waiter consumes the flag before its next attempt, and an edge that comes after the attempt
     * found nothing sets it again, so every edge that could matter is seen either by an attempt or by
     * the flag. Readiness already there when a socket registers is reported at registration, as epoll
     * does for a new registration.
     *
     * The epoll event carries the file descriptor; {@link #table} maps it to its descriptor. Only
     * registration and deregistration write the table (under its lock, growing it by copying); the
     * poller threads read it without a lock. An event for a descriptor that closed meanwhile finds
     * nothing, or the socket that reused its number, which then wakes for nothing and polls again.
     * There are {@code weft.pollers} instances, each with its poller thread; a socket goes to the
     * one its file descriptor selects.
     *
     * With one instance (the default) the scheduler's workers poll it too, as Go's do: a worker
     * that runs out of goroutines polls without waiting before it looks elsewhere
     * ({@link #pollNow}), and a worker about to park blocks in the poll instead, if no one else
     * does ({@link #tryClaimBlocking}); so under load readied goroutines go straight to the
     * worker's own run queue, and no thread wakes another to hand them over. At most one thread
     * blocks in the poll at a time: the claim is a CAS on {@code blocker}. A waker that claims the
     * parked worker which blocks in the poll ends the poll by writing an eventfd that is
     * registered, level-triggered, with the epoll instance ({@link #wakeup}); the blocking poller
     * resets it (a write after the reset makes the next blocking poll return at once, for
     * nothing). Non-blocking polls ignore it. A blocking poller gives the claim up as soon as the
     * kernel returns, before it readies anyone, so that a worker it wakes can claim the poll when
     * it runs dry instead of parking beside a poller that is about to leave it.
     *
     * The poller thread is then Go's {@code sysmon}: while a worker blocks in the poll, or one
     * polled in the last {@value #FALLBACK_MILLIS} ms, it sleeps. If the workers have not polled
     * for that long but have in the last {@value #WORKERS_GONE_MILLIS} ms, they are busy: it polls
     * without waiting, readies what it finds and sleeps again, so goroutines whose sockets became
     * ready are not stranded behind busy workers, yet the workers, running dry, still do most of
     * the polling in large batches into their own rings. (Blocking in the poll instead would wake
     * this thread for every few events, and the goroutines it readied through the submission
     * queues would keep the workers from ever running dry.) Only when no worker has polled for
     * {@value #WORKERS_GONE_MILLIS} ms (none exists, as in a program without Weft's scheduler, or
     * all have been busy that long) does it claim the poll and block in it itself. The first
     * socket's registration counts as such a silence: workers that parked while there was no
     * socket do not poll.
     */

    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLLIN = 0x1;
    private static final int EPOLLOUT = 0x4;
    private static final int EPOLLERR = 0x8;
    private static final int EPOLLHUP = 0x10;
    private static final int EPOLLRDHUP = 0x2000;
    private static final int EPOLLET = 1 << 31;
    private static final int READ_EVENTS = EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
    private static final int WRITE_EVENTS = EPOLLOUT | EPOLLHUP | EPOLLERR;
    private static final int MAX_EVENTS = 512;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(PollDesc[].class);

    private static final int FALLBACK_MILLIS = 10;
    private static final long FALLBACK_NANOS = FALLBACK_MILLIS * 1_000_000L;
    private static final VarHandle BLOCKER;
    /** Workers silent this long: the poller thread blocks in the poll (none may exist). */
    private static final int WORKERS_GONE_MILLIS = 1000;
    private static final long WORKERS_GONE_NANOS = WORKERS_GONE_MILLIS * 1_000_000L;

    static {
        try {
            BLOCKER = MethodHandles.lookup().findVarHandle(EpollPoller.class, "blocker", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int[] epfds;
    private volatile PollDesc[] table = new PollDesc[1024];
    private int registered;   // guarded by this
    /** Sockets registered now; read without the lock by workers about to poll. */
    private volatile int sockets;
    /** With one epoll instance: the thread blocked in its poll (or about to be), if any. */
    private volatile Thread blocker;
    /**
     * When a worker last polled without waiting, or returned from a blocking poll
     * ({@code System.nanoTime()}); "long ago" until one does, and again when the first socket
     * registers (workers that parked while there was none do not poll).
     */
    private volatile long lastWorkerPoll = longAgo();
    /** The poller thread of a single instance; null with several. */
    private Thread fallback;
    /** Ends a blocking poll; registered with the single instance. Null with several. */
    private final Object eventfd;
    private final int eventfdValue;
    /**
     * Event arrays (native memory) for workers' polls, reused: each slot holds the address of
     * one, or 0. A poll takes one from a slot or allocates one, and puts it back in an empty slot
     * or frees it; a number, not an object, so a poll makes no garbage.
     */
    private final AtomicLongArray arrays = new AtomicLongArray(SPARE_ARRAYS);

    private EpollPoller(int[] epfds, Object eventfd, int eventfdValue) {
        this.epfds = epfds;
        this.eventfd = eventfd;
        this.eventfdValue = eventfdValue;
    }

    /** Whether epoll is reachable: Linux, and {@code sun.nio.ch} open to Weft. */
    static boolean isAvailable() {
        return Native.ERROR == null;
    }

    static EpollPoller open(int n) {
        int[] epfds = new int[n];
        Object eventfd = null;
        int efd = -1;
        try {
            for (int i = 0; i < n; i++) {
                epfds[i] = (int) Native.CREATE.invokeExact();
            }
            if (n == 1 && Native.EVENTFD_NEW != null) {
                eventfd = Native.EVENTFD_NEW.invoke();
                efd = (int) Native.EVENTFD_FD.invoke(eventfd);
                Native.EVENTFD_NON_BLOCKING.invoke(efd, false);   // a reset with nothing to read must not block
                int errno = ctl(epfds[0], EPOLL_CTL_ADD, efd, EPOLLIN);   // level-triggered
                if (errno != 0) {
                    throw new IOException("epoll_ctl(ADD) of the wake-up eventfd failed with errno " + errno);
                }
            }
        } catch (Throwable e) {
            throw new UncheckedIOException("cannot create the netpoller's epoll instance",
                    e instanceof IOException io ? io : new IOException(e));
        }
        EpollPoller p = new EpollPoller(epfds, eventfd, efd);
        AtomicInteger index = new AtomicInteger();
        for (int epfd : epfds) {
            Thread t = new Thread(null, () -> p.run(epfd), "weft-netpoller-" + index.getAndIncrement(), 0, false);
            t.setDaemon(true);
            OwnThreads.add(t);
            if (p.eventfd != null) {
                p.fallback = t;
            }
            t.start();
        }
        if (p.eventfd != null) {
            Netpoll.register(p.new WorkerPolls());
        }
        return p;
    }

    private int epfd(int fd) {
        return epfds[fd % epfds.length];
    }

    @Override
    void register(SelectableChannel ch, PollDesc pd) throws IOException {
        int fd;
        try {
            fd = (int) Native.FD_VAL.invokeExact((Object) ch);
        } catch (Throwable e) {
            throw new IOException("cannot read the socket's file descriptor", e);
        }
        pd.fd = fd;
        synchronized (this) {
            PollDesc[] t = table;
            if (fd >= t.length) {
                PollDesc[] bigger = new PollDesc[Math.max(fd + 1, t.length * 2)];
                System.arraycopy(t, 0, bigger, 0, t.length);
                table = t = bigger;
            }
            SLOT.setRelease(t, fd, pd);
            sockets = ++registered;
            if (registered == 1 && fallback != null) {
                lastWorkerPoll = longAgo();
                LockSupport.unpark(fallback);
            }
        }
        int errno = ctl(epfd(fd), EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
        if (errno != 0) {
            unmap(pd);
            throw new IOException("epoll_ctl(ADD) failed with errno " + errno);
        }
    }

    private static long longAgo() {
        return System.nanoTime() - WORKERS_GONE_NANOS;
    }

    @Override
    void arm(PollDesc pd, int op) {
        // edge-triggered: registered once for both directions
    }

    @Override
    void deregister(PollDesc pd) {
        if (unmap(pd)) {
            ctl(epfd(pd.fd), EPOLL_CTL_DEL, pd.fd, 0);
        }
    }

    private synchronized boolean unmap(PollDesc pd) {
        PollDesc[] t = table;
        if (t[pd.fd] != pd) {
            return false;
        }
        SLOT.setRelease(t, pd.fd, (PollDesc) null);
        sockets = --registered;
        return true;
    }

    @Override
    synchronized int registered() {
        return registered;
    }

    @Override
    String kind() {
        return "epoll";
    }

    @Override
    int threads() {
        return epfds.length;
    }

    private static int ctl(int epfd, int op, int fd, int events) {
        try {
            return (int) Native.CTL.invokeExact(epfd, op, fd, events);
        } catch (Throwable e) {
            throw new IllegalStateException("epoll_ctl", e);
        }
    }

    private void run(int epfd) {
        long array = allocate();
        while (true) {
            try {
                if (eventfd != null) {
                    long idle = System.nanoTime() - lastWorkerPoll;
                    if (blocker != null || idle < FALLBACK_NANOS) {
                        LockSupport.parkNanos(this, FALLBACK_NANOS);   // a worker sees the events
                        continue;
                    }
                    if (idle < WORKERS_GONE_NANOS) {
                        poll(epfd, array, 0, false);   // Go's sysmon: busy workers poll when they run dry
                        LockSupport.parkNanos(this, FALLBACK_NANOS);
                        continue;
                    }
                    if (!BLOCKER.compareAndSet(this, (Thread) null, Thread.currentThread())) {
                        continue;
                    }
                }
                try {
                    poll(epfd, array, -1, true);
                } finally {
                    release();
                }
            } catch (Throwable t) {
                // An Error (or a failed wait): the loop goes on, or every socket of the JVM would stop.
                System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "netpoller", t);
            }
        }
    }

    /** Gives up the blocking claim if the caller still holds it (a no-op with several instances). */
    private void release() {
        if (eventfd != null) {
            BLOCKER.compareAndSet(this, Thread.currentThread(), (Thread) null);
        }
    }

    /**
     * One {@code epoll_wait} of {@code epfd} ({@code timeout} ms, -1: until an event) into
     * {@code array}; marks the reported sockets ready, which readies their waiters. A blocking
     * poll resets the wake-up eventfd if it was written; others leave it. Returns how many
     * sockets were reported.
     */
    private int poll(int epfd, long array, int timeout, boolean blocking) throws Throwable {
        int n = (int) Native.WAIT.invokeExact(epfd, array, MAX_EVENTS, timeout);   // < 0: interrupted
        if (blocking && eventfd != null) {
            // Only the claim's holder resets the wake-up, and before it lets the claim go: the
            // next holder's poll must not report a wake-up this one is about to consume.
            for (int i = 0; i < n; i++) {
                if ((int) Native.GET_DESCRIPTOR.invokeExact((long) Native.GET_EVENT.invokeExact(array, i)) == eventfdValue) {
                    Native.EVENTFD_RESET.invoke(eventfd);
                    break;
                }
            }
            release();      // before readying: a worker those wake can claim the poll when it runs dry
        }
        polls.increment();
        int reported = 0;
        for (int i = 0; i < n; i++) {
            long event = (long) Native.GET_EVENT.invokeExact(array, i);
            int fd = (int) Native.GET_DESCRIPTOR.invokeExact(event);
            if (fd == eventfdValue) {
                continue;
            }
            int ev = (int) Native.GET_EVENTS.invokeExact(event);
            PollDesc[] t = table;
            PollDesc pd = fd < t.length ? (PollDesc) SLOT.getAcquire(t, fd) : null;
            if (pd != null) {
                reported++;
                if ((ev & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) {
                    pd.hungUp();
                }
                pd.ready(((ev & READ_EVENTS) != 0 ? SelectionKey.OP_READ | SelectionKey.OP_ACCEPT : 0)
                        | ((ev & WRITE_EVENTS) != 0 ? SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT : 0));
            }
        }
        if (reported > 0) {
            events.add(reported);
        }
        return reported;
    }

    /** How many event arrays wait for workers' polls at most; more would be freed after use. */
    private static final int SPARE_ARRAYS = 8;

    private long takeArray() {
        for (int i = 0; i < SPARE_ARRAYS; i++) {
            if (arrays.get(i) != 0) {
                long a = arrays.getAndSet(i, 0);
                if (a != 0) {
                    return a;
                }
            }
        }
        return allocate();
    }

    private void giveBack(long array) {
        for (int i = 0; i < SPARE_ARRAYS; i++) {
            if (arrays.get(i) == 0 && arrays.compareAndSet(i, 0, array)) {
                return;
            }
        }
        try {
            Native.FREE.invokeExact(array);
        } catch (Throwable e) {
            System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "netpoller: freeing an event array", e);
        }
    }

    private static long allocate() {
        try {
            return (long) Native.ALLOCATE.invokeExact(MAX_EVENTS);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot allocate the netpoller's event array", e);
        }
    }

    /** The single instance as the scheduler's workers poll it; see the overview. */
    private final class WorkerPolls implements Netpoll.Poll {
        @Override
        public int pollNow() {
            Thread b = blocker;
            if (sockets == 0 || (b != null && b != fallback)) {
                return 0;                    // nothing to poll, or a worker blocked in it sees it all
            }
            lastWorkerPoll = System.nanoTime();
            return pollWith(0);
        }

        @Override
        public boolean tryClaimBlocking() {
            return sockets != 0 && blocker == null
                    && BLOCKER.compareAndSet(EpollPoller.this, (Thread) null, Thread.currentThread());
        }

        @Override
        public int pollBlocking() {
            try {
                return pollWith(-1);
            } finally {
                lastWorkerPoll = System.nanoTime();   // the worker runs what it found: it polls next
                release();
            }
        }

        @Override
        public void releaseBlocking() {
            release();
        }

        @Override
        public void wakeup() {
            try {
                Native.EVENTFD_SET.invoke(eventfd);
            } catch (Throwable e) {
                System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "netpoller wake-up", e);
            }
        }

        private int pollWith(int timeout) {
            long a = takeArray();
            try {
                return poll(epfds[0], a, timeout, timeout != 0);
            } catch (Throwable e) {
                System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "netpoller", e);
                return 0;
            } finally {
                giveBack(a);
            }
        }
    }

    /** The JDK's epoll binding, resolved once; {@link #ERROR} says why it is not usable. */
    private static final class Native {
        static final MethodHandle CREATE;
        static final MethodHandle CTL;
        static final MethodHandle WAIT;
        static final MethodHandle ALLOCATE;
        static final MethodHandle FREE;
        static final MethodHandle GET_EVENT;
        static final MethodHandle GET_DESCRIPTOR;
        static final MethodHandle GET_EVENTS;
        static final MethodHandle FD_VAL;
        /** {@code sun.nio.ch.EventFD}: its constructor, {@code efd()}, {@code set()}, {@code reset()}; null if absent. */
        static final MethodHandle EVENTFD_NEW;
        static final MethodHandle EVENTFD_FD;
        static final MethodHandle EVENTFD_SET;
        static final MethodHandle EVENTFD_RESET;
        /** {@code (int fd, boolean blocking)}: {@code sun.nio.ch.IOUtil.configureBlocking} of a raw descriptor. */
        static final MethodHandle EVENTFD_NON_BLOCKING;
        static final Throwable ERROR;

        static {
            MethodHandle create = null, ctl = null, wait = null, allocate = null, free = null, getEvent = null,
                    getDescriptor = null, getEvents = null, fdVal = null;
            Throwable error = null;
            try {
                if (!Object.class.getModule().isOpen("sun.nio.ch", EpollPoller.class.getModule())) {
                    throw new IllegalAccessException("java.base does not open sun.nio.ch to Weft");
                }
                Class<?> epoll = Class.forName("sun.nio.ch.EPoll");
                Class<?> selCh = Class.forName("sun.nio.ch.SelChImpl");
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(epoll, MethodHandles.lookup());
                create = l.findStatic(epoll, "create", MethodType.methodType(int.class));
                ctl = l.findStatic(epoll, "ctl", MethodType.methodType(int.class, int.class, int.class, int.class, int.class));
                wait = l.findStatic(epoll, "wait", MethodType.methodType(int.class, int.class, long.class, int.class, int.class));
                allocate = l.findStatic(epoll, "allocatePollArray", MethodType.methodType(long.class, int.class));
                free = l.findStatic(epoll, "freePollArray", MethodType.methodType(void.class, long.class));
                getEvent = l.findStatic(epoll, "getEvent", MethodType.methodType(long.class, long.class, int.class));
                getDescriptor = l.findStatic(epoll, "getDescriptor", MethodType.methodType(int.class, long.class));
                getEvents = l.findStatic(epoll, "getEvents", MethodType.methodType(int.class, long.class));
                fdVal = MethodHandles.privateLookupIn(selCh, MethodHandles.lookup())
                        .findVirtual(selCh, "getFDVal", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                error = e;
            }
            MethodHandle eventfdNew = null, eventfdFd = null, eventfdSet = null, eventfdReset = null,
                    eventfdNonBlocking = null;
            if (error == null) {
                try {
                    Class<?> efd = Class.forName("sun.nio.ch.EventFD");
                    MethodHandles.Lookup l = MethodHandles.privateLookupIn(efd, MethodHandles.lookup());
                    eventfdNew = l.findConstructor(efd, MethodType.methodType(void.class));
                    eventfdFd = l.findVirtual(efd, "efd", MethodType.methodType(int.class));
                    eventfdSet = l.findVirtual(efd, "set", MethodType.methodType(void.class));
                    eventfdReset = l.findVirtual(efd, "reset", MethodType.methodType(void.class));
                    Class<?> io = Class.forName("sun.nio.ch.IOUtil");
                    MethodHandles.Lookup iol = MethodHandles.privateLookupIn(io, MethodHandles.lookup());
                    eventfdNonBlocking = MethodHandles.filterArguments(
                            iol.findStatic(io, "configureBlocking", MethodType.methodType(void.class, FileDescriptor.class, boolean.class)),
                            0, iol.findStatic(io, "newFD", MethodType.methodType(FileDescriptor.class, int.class)));
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    eventfdNew = null;         // workers will not poll; the poller thread does it all
                }
            }
            EVENTFD_NEW = eventfdNew;
            EVENTFD_FD = eventfdFd;
            EVENTFD_SET = eventfdSet;
            EVENTFD_RESET = eventfdReset;
            EVENTFD_NON_BLOCKING = eventfdNonBlocking;
            CREATE = create;
            CTL = ctl;
            WAIT = wait;
            ALLOCATE = allocate;
            FREE = free;
            GET_EVENT = getEvent;
            GET_DESCRIPTOR = getDescriptor;
            GET_EVENTS = getEvents;
            FD_VAL = fdVal;
            ERROR = error;
        }
    }
}
