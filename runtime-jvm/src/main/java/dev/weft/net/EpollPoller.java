package dev.weft.net;

import dev.weft.internal.OwnThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicInteger;

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

    private final int[] epfds;
    private volatile PollDesc[] table = new PollDesc[1024];
    private int registered;   // guarded by this

    private EpollPoller(int[] epfds) {
        this.epfds = epfds;
    }

    /** Whether epoll is reachable: Linux, and {@code sun.nio.ch} open to Weft. */
    static boolean isAvailable() {
        return Native.ERROR == null;
    }

    static EpollPoller open(int n) {
        int[] epfds = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                epfds[i] = (int) Native.CREATE.invokeExact();
            }
        } catch (Throwable e) {
            throw new UncheckedIOException("cannot create the netpoller's epoll instance",
                    e instanceof IOException io ? io : new IOException(e));
        }
        EpollPoller p = new EpollPoller(epfds);
        AtomicInteger index = new AtomicInteger();
        for (int epfd : epfds) {
            Thread t = new Thread(null, () -> p.run(epfd), "weft-netpoller-" + index.getAndIncrement(), 0, false);
            t.setDaemon(true);
            OwnThreads.add(t);
            t.start();
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
            registered++;
        }
        int errno = ctl(epfd(fd), EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
        if (errno != 0) {
            unmap(pd);
            throw new IOException("epoll_ctl(ADD) failed with errno " + errno);
        }
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
        registered--;
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
        long array;
        try {
            array = (long) Native.ALLOCATE.invokeExact(MAX_EVENTS);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot allocate the netpoller's event array", e);
        }
        while (true) {
            try {
                int n = (int) Native.WAIT.invokeExact(epfd, array, MAX_EVENTS, -1);   // < 0: interrupted
                polls.increment();
                if (n > 0) {
                    events.add(n);
                }
                for (int i = 0; i < n; i++) {
                    long event = (long) Native.GET_EVENT.invokeExact(array, i);
                    int fd = (int) Native.GET_DESCRIPTOR.invokeExact(event);
                    int ev = (int) Native.GET_EVENTS.invokeExact(event);
                    PollDesc[] t = table;
                    PollDesc pd = fd < t.length ? (PollDesc) SLOT.getAcquire(t, fd) : null;
                    if (pd != null) {
                        pd.ready(((ev & READ_EVENTS) != 0 ? SelectionKey.OP_READ | SelectionKey.OP_ACCEPT : 0)
                                | ((ev & WRITE_EVENTS) != 0 ? SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT : 0));
                    }
                }
            } catch (Throwable t) {
                // An Error (or a failed wait): the loop goes on, or every socket of the JVM would stop.
                System.getLogger("dev.weft").log(System.Logger.Level.ERROR, "netpoller", t);
            }
        }
    }

    /** The JDK's epoll binding, resolved once; {@link #ERROR} says why it is not usable. */
    private static final class Native {
        static final MethodHandle CREATE;
        static final MethodHandle CTL;
        static final MethodHandle WAIT;
        static final MethodHandle ALLOCATE;
        static final MethodHandle GET_EVENT;
        static final MethodHandle GET_DESCRIPTOR;
        static final MethodHandle GET_EVENTS;
        static final MethodHandle FD_VAL;
        static final Throwable ERROR;

        static {
            MethodHandle create = null, ctl = null, wait = null, allocate = null, getEvent = null,
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
                getEvent = l.findStatic(epoll, "getEvent", MethodType.methodType(long.class, long.class, int.class));
                getDescriptor = l.findStatic(epoll, "getDescriptor", MethodType.methodType(int.class, long.class));
                getEvents = l.findStatic(epoll, "getEvents", MethodType.methodType(int.class, long.class));
                fdVal = MethodHandles.privateLookupIn(selCh, MethodHandles.lookup())
                        .findVirtual(selCh, "getFDVal", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                error = e;
            }
            CREATE = create;
            CTL = ctl;
            WAIT = wait;
            ALLOCATE = allocate;
            GET_EVENT = getEvent;
            GET_DESCRIPTOR = getDescriptor;
            GET_EVENTS = getEvents;
            FD_VAL = fdVal;
            ERROR = error;
        }
    }
}
