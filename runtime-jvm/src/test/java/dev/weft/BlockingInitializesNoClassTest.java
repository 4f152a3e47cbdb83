package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.chan.Chan;
import dev.weft.net.Conn;
import dev.weft.net.DeadlineExceededException;
import dev.weft.net.Listener;
import dev.weft.net.Net;
import dev.weft.sync.Mutex;
import dev.weft.sync.Semaphore;
import dev.weft.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * A class whose static initializer a {@link StackOverflowError} strikes can never be used again
 * in that JVM: every later use is a {@link NoClassDefFoundError}, in every thread. An operation
 * can first have to wait at any depth of its caller's stack, so waiting initializes no class:
 * what a wait for a socket's turn, its readiness, a deadline, a channel's counterpart or a lock
 * needs was initialized with the socket, channel or lock. A JVM of its own logs every class it
 * initializes and by which thread; the waits run on threads of a known name.
 */
class BlockingInitializesNoClassTest {
    private static final String WAITER = "waiter-";

    @Test
    void waitingInitializesNoClass() throws Exception {
        String output = ForkedJvm.run(Waiters.class, Duration.ofSeconds(120), List.of("-Xlog:class+init=info"));
        assertTrue(output.contains("every wait began and ended"), output);
        List<String> initialized = output.lines()
                .filter(l -> l.contains("Initializing '") && l.contains("by thread \"" + WAITER))
                .filter(l -> !l.contains("(no method)"))             // no initializer: nothing can throw
                // the JDK's nested classes are its own: the queue node of its AbstractQueuedSynchronizer,
                // say, is first initialized by the first contended lock of any JVM, Weft's or not
                .filter(l -> !l.matches(".*'(java|jdk|sun)/[^']*\\$[^']*'.*"))
                .filter(l -> !l.contains("'dev/weft/BlockingInitializesNoClassTest"))
                .toList();
        assertEquals(List.of(), initialized, "classes first initialized by a waiting operation");
    }

    /** Run by {@link #waitingInitializesNoClass}: makes each kind of wait happen once, on a thread of its own. */
    public static final class Waiters {
        private static final List<Thread> waiters = new ArrayList<>();
        private static final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        public static void main(String[] args) throws Exception {
            try (Listener ln = Net.listen("127.0.0.1:0"); Conn a = Net.dial(Duration.ofSeconds(30), ln.addr()); Conn b = ln.accept()) {
                Chan<Integer> unbuffered = Chan.make();
                Chan<Integer> silent = Chan.make();
                Mutex mutex = new Mutex();
                WaitGroup group = new WaitGroup();
                Semaphore semaphore = new Semaphore(1);

                // writes the peer does not read: the first waits for writability, the second for the turn
                byte[] big = new byte[1 << 20];
                String deadline = DeadlineExceededException.class.getSimpleName();
                Thread w1 = waiting(deadline, () -> {
                    for (;;) {
                        a.write(big, 0, big.length);
                    }
                });
                Thread w2 = waiting(deadline, () -> {
                    a.write(big, 0, 1);
                    return "written";
                });
                Thread r = waiting(deadline, () -> a.read(new byte[1], 0, 1));
                Thread s = waiting("sent", () -> {
                    unbuffered.send(1);
                    return "sent";
                });
                Thread t = waiting("Received[not ready]", () -> silent.recv(Duration.ofMillis(20)));
                mutex.lock();
                Thread m = waiting("locked", () -> {
                    mutex.lock();
                    return "locked";
                });
                Thread mt = waiting("false", () -> mutex.tryLock(Duration.ofMillis(20)));

                group.add(1);
                Thread g = waiting("done", () -> {
                    group.await();
                    return "done";
                });
                semaphore.acquire(1);
                Thread sa = waiting("acquired", () -> {
                    semaphore.acquire(1);
                    return "acquired";
                });

                a.setWriteDeadline(Instant.EPOCH);
                a.setReadDeadline(Instant.EPOCH);
                assertEquals(1, unbuffered.recv());
                mutex.unlock();
                group.done();
                semaphore.release(1);
                for (Thread each : List.of(w1, w2, r, s, t, m, mt, g, sa)) {
                    each.join(Duration.ofSeconds(30));
                    assertTrue(!each.isAlive(), each + " still waits\n" + DumpOnTimeout.dump());
                }
            }
            if (!failures.isEmpty()) {
                AssertionError e = new AssertionError("a waiter failed");
                failures.forEach(e::addSuppressed);
                throw e;
            }
            System.out.println("every wait began and ended");
        }

        /**
         * Starts {@code op} on a thread of its own and returns once that thread waits; the
         * outcome (what {@code op} returns, or the simple name of what it throws) must read
         * {@code expected}.
         */
        private static Thread waiting(String expected, Callable<?> op) {
            Thread t = Thread.ofPlatform().name(WAITER + waiters.size()).start(() -> {
                String outcome;
                try {
                    outcome = String.valueOf(op.call());
                } catch (Throwable e) {
                    outcome = e.getClass().getSimpleName();
                }
                if (!outcome.equals(expected)) {
                    failures.add(new AssertionError(Thread.currentThread().getName() + ": " + outcome + ", expected " + expected));
                }
            });
            waiters.add(t);
            Waits.whileTrue(t.getName() + " not waiting", () -> t.getState() != Thread.State.WAITING
                    && t.getState() != Thread.State.TIMED_WAITING && t.isAlive());
            return t;
        }
    }
}
