package dev.weft.net;

import dev.weft.internal.Blocking;
import dev.weft.internal.Nanos;
import dev.weft.internal.OwnThreads;
import dev.weft.internal.TimerQueue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * Host names to addresses without holding a carrier: the JDK's resolver blocks its thread in the
 * system's ({@code getaddrinfo}), which for a goroutine would be its worker. A virtual thread
 * (a goroutine among them) hands the lookup of a name to one of the resolver's platform threads
 * and parks until the answer comes, its deadline passes, or it is interrupted or its context
 * ends, as Go's resolver can be cancelled; a lookup given up on runs to its end unheeded. At
 * most {@value #CONCURRENT} lookups run at once (a permit each, taken by the waiting thread,
 * given back by the lookup's end); the threads are made as needed, reused, and end after 10 s
 * idle. An address literal needs no lookup, and a platform thread looks up on its own.
 */
final class Resolver {
    private Resolver() {}

    /** At most this many lookups at once (Go bounds its cgo lookups too); more wait for a permit. */
    private static final int CONCURRENT = 64;
    private static final Semaphore PERMITS = new Semaphore(CONCURRENT);
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Object TIMED_OUT = new Object();

    private static final ThreadPoolExecutor LOOKUPS;

    static {
        AtomicInteger count = new AtomicInteger();
        // Threads made as lookups need them and reused while idle; the permits bound them.
        LOOKUPS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread t = new Thread(() -> {
                try {
                    task.run();
                } finally {
                    OwnThreads.remove(Thread.currentThread());
                }
            }, "weft-resolver-" + count.incrementAndGet());
            t.setDaemon(true);
            OwnThreads.add(t);               // an idle one is no program thread to deadlock detection
            return t;
        });
    }

    /**
     * Every address of {@code host}, waiting no later than {@code deadline} (null: as long as it
     * takes).
     *
     * @param what the operation, for the timeout's message ("dial example.com:80")
     * @throws UnknownHostException      if the host has no address
     * @throws DeadlineExceededException if the deadline passes first
     */
    static InetAddress[] lookup(String host, Instant deadline, String what) throws IOException {
        if (!Thread.currentThread().isVirtual() || host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches()) {
            return InetAddress.getAllByName(host);
        }
        if (deadline != null && Nanos.until(deadline) <= 0) {
            throw new DeadlineExceededException(what);
        }
        if (!Blocking.await(null, left(deadline), Resolver::permit, "lookup " + host, PERMITS)) {
            throw new DeadlineExceededException(what);
        }
        Lookup lookup = new Lookup(host, Thread.currentThread());
        try {
            LOOKUPS.execute(lookup);
        } catch (Throwable notStarted) {     // an OutOfMemoryError making its thread
            PERMITS.release();
            throw notStarted;
        }
        Object got = Blocking.await(null, left(deadline), lookup::await, "lookup " + host, lookup);
        if (got instanceof InetAddress[] all) {
            return all;
        }
        if (got == TIMED_OUT) {
            throw new DeadlineExceededException(what);
        }
        if (got instanceof IOException e) {
            throw e;
        }
        if (got instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) got;
    }

    /** How long to wait for {@code deadline}: {@link Blocking#FOREVER} for none, else at least 1 ns. */
    private static long left(Instant deadline) {
        return deadline == null ? Blocking.FOREVER : Math.max(1, Nanos.until(deadline));
    }

    /** Takes a permit, waiting {@code nanos} at most ({@link Blocking#FOREVER}: as long as it takes). */
    private static boolean permit(long nanos) throws InterruptedException {
        if (nanos == Blocking.FOREVER) {
            PERMITS.acquire();
            return true;
        }
        return PERMITS.tryAcquire(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One lookup, run by a resolver thread for a waiting one, which parks on it: Weft's dump
     * names the wait "lookup <host>".
     */
    private static final class Lookup implements Runnable {
        private final String host;
        private final Thread waiter;
        /** The addresses, or what the lookup threw; null until it ends. */
        private volatile Object answer;

        Lookup(String host, Thread waiter) {
            this.host = host;
            this.waiter = waiter;
        }

        @Override
        public void run() {
            Object a;
            try {
                a = InetAddress.getAllByName(host);
            } catch (Throwable t) {
                a = t;
            } finally {
                PERMITS.release();
            }
            answer = a;
            LockSupport.unpark(waiter);
        }

        /** The answer, or {@link #TIMED_OUT} after {@code nanos} ({@link Blocking#FOREVER}: none). */
        Object await(long nanos) throws InterruptedException {
            long deadline = nanos == Blocking.FOREVER ? 0 : System.nanoTime() + nanos;
            Object a;
            while ((a = answer) == null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (nanos == Blocking.FOREVER) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return TIMED_OUT;
                    }
                    TimerQueue.parkNanos(this, left);
                }
            }
            return a;
        }

        @Override
        public String toString() {
            return "lookup " + host;
        }
    }
}
