package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.chan.Chan;
import dev.weft.chan.ChanClosedException;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.future.Promise;
import dev.weft.net.Conn;
import dev.weft.net.DeadlineExceededException;
import dev.weft.net.Listener;
import dev.weft.net.Net;
import dev.weft.net.PacketConn;
import dev.weft.scope.Scope;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sync.Barrier;
import dev.weft.sync.Cond;
import dev.weft.sync.Mutex;
import dev.weft.sync.RWMutex;
import dev.weft.sync.Semaphore;
import dev.weft.sync.WaitGroup;
import dev.weft.time.Time;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A class whose static initializer a {@link StackOverflowError} strikes can never be used again
 * in that JVM: every later use is a {@link NoClassDefFoundError}, in every thread. An operation
 * can first have to wait at any depth of its caller's stack, so waiting initializes no class:
 * what a wait for a socket's turn, its readiness, a deadline, a channel's counterpart, a select,
 * a lock, a counter or a barrier needs was initialized with the socket, channel or lock, and
 * what a wait under a context needs with the first context. A JVM of its own logs every class it
 * initializes, when and by which thread; the waits run on platform threads of a known name, then
 * in goroutines, during a window of time the JVM prints (a goroutine's work is logged under the
 * name of the worker that carries it). Nor may waking initialize a class, since a waker cut short
 * would leave its waiters asleep: the platform threads' waits are ended by one of a known name.
 */
class BlockingInitializesNoClassTest {
    private static final String WAITER = "waiter-";
    private static final String WAKER = "waker";

    @Test
    void waitingAndWakingInitializeNoClass() throws Exception {
        waitAndWakeInitializingNoClass(List.of("-Xlog:class+init=info"));
    }

    /** Under a recording, a long wait writes a flight-recorder event, which must not initialize a class either. */
    @Test
    void waitingAndWakingUnderARecordingInitializeNoClass() throws Exception {
        waitAndWakeInitializingNoClass(List.of("-Xlog:class+init=info", "-XX:StartFlightRecording:settings=default"));
    }

    private static void waitAndWakeInitializingNoClass(List<String> jvmArgs) throws Exception {
        String output = ForkedJvm.run(Waiters.class, Duration.ofSeconds(120), jvmArgs);
        assertTrue(output.contains("every wait began and ended"), output);
        Matcher window = Pattern.compile("goroutines waited from (\\d+) to (\\d+) ms").matcher(output);
        assertTrue(window.find(), output);
        long from = Long.parseLong(window.group(1));
        long to = Long.parseLong(window.group(2));
        Pattern logged = Pattern.compile("^\\[(\\d+)\\.(\\d{3})s\\].*");
        List<String> initialized = output.lines()
                .filter(l -> l.contains("Initializing '"))
                .filter(l -> {
                    if (l.contains("by thread \"" + WAITER) || l.contains("by thread \"" + WAKER)) {
                        return true;
                    }
                    Matcher m = logged.matcher(l);
                    long at = m.matches() ? Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2)) : -1;
                    return at >= from && at <= to && l.contains("by thread \"" + Waiters.SCHEDULER + "-worker-");
                })
                .filter(l -> !l.contains("(no method)"))             // no initializer: nothing can throw
                // nor are the hidden classes it spins to link a method handle's call site
                .filter(l -> !l.contains("+0x"))
                .filter(l -> !l.contains("'dev/weft/BlockingInitializesNoClassTest"))
                .toList();
        assertEquals(List.of(), initialized, "classes first initialized by a wait or a wake-up");
    }

    /** Run by {@link #waitingAndWakingInitializeNoClass}: makes each kind of wait happen on a platform thread and in a goroutine. */
    public static final class Waiters {
        static final String SCHEDULER = "waiters";
        private static int started;
        private static final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        public static void main(String[] args) throws Exception {
            try (Listener ln = Net.listen("127.0.0.1:0"); Conn a = Net.dial(Duration.ofSeconds(30), ln.addr()); Conn b = ln.accept();
                    PacketConn udp = Net.listenPacket("udp", "127.0.0.1:0")) {
                Chan<Integer> unbuffered = Chan.make();
                Chan<Integer> silent = Chan.make();
                Mutex mutex = new Mutex();
                WaitGroup group = new WaitGroup();
                Semaphore semaphore = new Semaphore(1);
                RWMutex rw = new RWMutex();
                Cond cond = new Mutex().newCond();
                Promise<String> promise = new Promise<>();
                Barrier barrier = new Barrier(2);

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
                for (Thread timed : List.of(t, mt)) {      // they end by themselves, before anything is unlocked
                    timed.join(Duration.ofSeconds(30));
                }

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
                CancelContext cancelled = Context.background().withCancel();
                Thread c = waiting(ContextException.class.getSimpleName(), () -> cancelled.call(silent::recv));
                Thread cl = waiting(ContextException.class.getSimpleName(), () -> cancelled.call(() -> {
                    semaphore.acquire(1);
                    return "acquired under an ended context";
                }));
                Thread sel = waiting("-1", () -> Select.select(Duration.ofMillis(20), SelectCase.recv(silent)));
                Thread sl = waiting("slept", () -> {
                    Time.sleep(Duration.ofMillis(20));
                    return "slept";
                });
                rw.lock();
                Thread rr = waiting("read-locked", () -> {
                    rw.rlock();
                    rw.runlock();
                    return "read-locked";
                });
                Thread cw = waiting("signalled", () -> {
                    cond.mutex().lock();
                    try {
                        cond.await();
                    } finally {
                        cond.mutex().unlock();
                    }
                    return "signalled";
                });
                Thread pa = waiting("resolved", promise::await);
                Thread ba = waiting("1", barrier::await);
                Thread ac = waiting(deadline, ln::accept);
                Thread rf = waiting(deadline, () -> udp.readFrom(new byte[1], 0, 1));
                Thread in = waiting(CancellationException.class.getSimpleName(), silent::recv);
                Chan<Integer> closing = Chan.make();
                Thread cr = waiting(ChanClosedException.class.getSimpleName(), closing::recv);
                for (Thread timed : List.of(sel, sl)) {
                    timed.join(Duration.ofSeconds(30));
                }

                waking(() -> {
                    a.setWriteDeadline(Instant.EPOCH);
                    a.setReadDeadline(Instant.EPOCH);
                    int sent = unbuffered.recv();
                    mutex.unlock();
                    group.done();
                    semaphore.release(1);
                    cancelled.cancel();
                    rw.unlock();
                    cond.mutex().lock();
                    cond.signal();
                    cond.mutex().unlock();
                    promise.resolve("resolved");
                    barrier.await();
                    ln.setDeadline(Instant.EPOCH);
                    udp.setReadDeadline(Instant.EPOCH);
                    in.interrupt();
                    closing.close();
                    return sent == 1 ? null : "received " + sent;
                });
                for (Thread each : List.of(w1, w2, r, s, t, m, mt, g, sa, c, cl, sel, sl, rr, cw, pa, ba, ac, rf, in, cr)) {
                    each.join(Duration.ofSeconds(30));
                    assertTrue(!each.isAlive(), each + " still waits\n" + DumpOnTimeout.dump());
                }
                mutex.unlock();                  // m took it

                // the same waits in goroutines, whose parks unmount them
                try (Scheduler scheduler = Scheduler.builder().name(SCHEDULER).workers(2).build()) {
                    Thread[] warmUp = new Thread[1];        // a goroutine run to its very end, before the window
                    scheduler.go(() -> warmUp[0] = Thread.currentThread()).join();
                    warmUp[0].join();
                    try (Scope made = Scope.open()) {        // what making a scope needs, made before the window
                        made.go(() -> { }).join();
                    }
                    RuntimeMXBean jvm = ManagementFactory.getRuntimeMXBean();
                    long warmedUp = jvm.getUptime();
                    Waits.whileTrue("the clock not past the warm-up", () -> jvm.getUptime() < warmedUp + 2);
                    long from = jvm.getUptime();
                    a.setDeadline(null);
                    group.add(1);
                    mutex.lock();
                    rw.lock();
                    CancelContext ended = Context.background().withCancel();
                    Promise<String> later = new Promise<>();
                    Chan<Integer> gate = Chan.make();
                    Goroutine sleeper = scheduler.go(() -> Time.sleep(Duration.ofMillis(50)));
                    List<Goroutine> goroutines = List.of(
                            waiting(scheduler, deadline, () -> a.read(new byte[1], 0, 1)),
                            waiting(scheduler, "sent", () -> {
                                unbuffered.send(2);
                                return "sent";
                            }),
                            waiting(scheduler, "Received[not ready]", () -> silent.recv(Duration.ofMillis(20))),
                            waiting(scheduler, "locked", () -> {
                                mutex.lock();
                                mutex.unlock();
                                return "locked";
                            }),
                            waiting(scheduler, "done", () -> {
                                group.await();
                                return "done";
                            }),
                            waiting(scheduler, ContextException.class.getSimpleName(), () -> ended.call(silent::recv)),
                            waiting(scheduler, "-1", () -> Select.select(Duration.ofMillis(20), SelectCase.recv(silent))),
                            waiting(scheduler, "read-locked", () -> {
                                rw.rlock();
                                rw.runlock();
                                return "read-locked";
                            }),
                            waiting(scheduler, "resolved", later::await),
                            waiting(scheduler, "true", () -> sleeper.join(Duration.ofSeconds(30))),
                            waiting(scheduler, "joined", () -> {
                                try (Scope scope = Scope.open()) {
                                    scope.go(gate::recv);
                                    scope.join();
                                }
                                return "joined";
                            }));
                    a.setReadDeadline(Instant.EPOCH);
                    assertEquals(2, unbuffered.recv());
                    mutex.unlock();
                    group.done();
                    ended.cancel();
                    rw.unlock();
                    later.resolve("resolved");
                    gate.send(3);
                    for (Goroutine each : goroutines) {
                        assertTrue(each.join(Duration.ofSeconds(30)), each + " still waits\n" + DumpOnTimeout.dump());
                    }
                    System.out.println("goroutines waited from " + from + " to " + jvm.getUptime() + " ms");
                }
            }
            if (!failures.isEmpty()) {
                AssertionError e = new AssertionError("a waiter failed");
                failures.forEach(e::addSuppressed);
                throw e;
            }
            System.out.println("every wait began and ended");
        }

        /** As {@link #waiting(String, Callable)}, in a goroutine of {@code scheduler}. */
        private static Goroutine waiting(Scheduler scheduler, String expected, Callable<?> op) {
            String name = WAITER + started++ + "-goroutine";
            Goroutine g = scheduler.go(name, () -> check(expected, op));
            Waits.whileTrue(name + " not waiting", () -> g.state() == Goroutine.State.RUNNABLE);
            return g;
        }

        /**
         * Starts {@code op} on a thread of its own and returns once that thread waits; the
         * outcome (what {@code op} returns, or the simple name of what it throws) must read
         * {@code expected}.
         */
        private static Thread waiting(String expected, Callable<?> op) {
            Thread t = Thread.ofPlatform().name(WAITER + started++).start(() -> check(expected, op));
            Waits.whileTrue(t.getName() + " not waiting", () -> t.getState() != Thread.State.WAITING
                    && t.getState() != Thread.State.TIMED_WAITING && t.isAlive());
            return t;
        }

        /** Runs {@code wakes} on a platform thread of a known name, and waits for it to end. */
        private static void waking(Callable<?> wakes) throws InterruptedException {
            Thread t = Thread.ofPlatform().name(WAKER).start(() -> check("null", wakes));
            t.join(Duration.ofSeconds(30));
            assertTrue(!t.isAlive(), "the waker still runs\n" + DumpOnTimeout.dump());
        }

        /** Runs {@code op}; its outcome must read {@code expected}. */
        private static void check(String expected, Callable<?> op) {
            String outcome;
            try {
                outcome = String.valueOf(op.call());
            } catch (Throwable e) {
                outcome = e.getClass().getSimpleName();
            }
            if (!outcome.equals(expected)) {
                failures.add(new AssertionError(Thread.currentThread().getName() + ": " + outcome + ", expected " + expected));
            }
        }
    }
}
