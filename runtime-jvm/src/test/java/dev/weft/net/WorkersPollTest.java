package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.chan.Chan;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.time.Time;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the epoll netpoller, an idle worker blocks in the poll instead of parking: it must still
 * wake for work that is not I/O (a goroutine readied by a platform thread, a timer, a new
 * goroutine), and a scheduler must still close. On the selector poller these hold trivially.
 */
class WorkersPollTest {
    private static final int ECHO_ROUNDS = 40;
    private static final int ECHO_CONNS = 50;
    private static final int ECHO_TRIPS = 300;

    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    /** A scheduler of one worker whose only goroutine waits on a socket, so that worker polls. */
    private static Goroutine readerOf(Scheduler s, Conn c) {
        return s.go("reader", () -> {
            byte[] b = new byte[1];
            c.read(b, 0, 1);
        });
    }

    @Test
    void aWorkerBlockedInThePollWakesForOtherWork() throws Exception {
        try (Listener ln = Net.listen("127.0.0.1:0");
             Scheduler s = Scheduler.builder().name("polling").workers(1).uncaughtExceptionHandler(failures).build()) {
            CompletableFuture<Conn> accepted = new CompletableFuture<>();
            s.go(() -> accepted.complete(ln.accept()));
            try (Conn client = Net.dial(ln.addr()); Conn server = accepted.get(30, TimeUnit.SECONDS)) {
                Goroutine reader = readerOf(s, server);
                Waits.whileTrue("the reader has not parked", () -> reader.state() != Goroutine.State.WAITING);
                for (int round = 0; round < 200; round++) {
                    Chan<Integer> ch = Chan.make();
                    Goroutine receiver = s.go(() -> ch.recv());
                    ch.send(round);                              // a platform thread readies it
                    assertTrue(receiver.join(Duration.ofSeconds(30)), s::dump);
                    Goroutine sleeper = s.go(() -> Time.sleep(Duration.ofMillis(1)));   // a timer readies it
                    assertTrue(sleeper.join(Duration.ofSeconds(30)), s::dump);
                }
                client.write(new byte[] {7}, 0, 1);
                assertTrue(reader.join(Duration.ofSeconds(30)), s::dump);
                assertEquals(Goroutine.State.DONE, reader.state());
            }
        }
    }

    /**
     * Two workers that keep taking turns blocking in the poll, woken from it by each other and
     * by the sockets, while the poller thread also blocks in it (a first socket has just
     * registered), round after round: every echo comes back. A blocking poller that gave its
     * claim up before resetting the wake-up eventfd let the next one see the same wake-up, and
     * the second reset blocked reading the emptied eventfd, with the rest of its events never
     * turned into wake-ups.
     */
    @Test
    void workersTakingTurnsInThePollEchoEveryRoundTrip() throws Exception {
        Scheduler s = Scheduler.builder().name("turns").workers(2).uncaughtExceptionHandler(failures).build();
        for (int round = 0; round < ECHO_ROUNDS; round++) {
            try (Listener ln = Net.listen("127.0.0.1:0")) {   // the only socket: its registration is a first one
                s.go("acceptor", () -> {
                    for (int i = 0; i < ECHO_CONNS; i++) {
                        Conn c = ln.accept();
                        s.go(() -> {
                            try (c) {
                                byte[] buf = new byte[64];
                                for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) {
                                    c.write(buf, 0, n);
                                }
                            }
                        });
                    }
                });
                List<Thread> clients = new ArrayList<>();
                AtomicLong echoed = new AtomicLong();
                int port = ln.port();
                for (int i = 0; i < ECHO_CONNS; i++) {
                    clients.add(Thread.ofVirtual().start(() -> echo(port, echoed)));
                }
                for (Thread t : clients) {
                    if (!t.join(Duration.ofSeconds(30))) {
                        String dump = s.dump();
                        s.shutdown();                  // not closed: a worker may be stuck for good
                        throw new AssertionError("round " + round + ": a client waits for its echo\n" + dump);
                    }
                }
                assertEquals((long) ECHO_CONNS * ECHO_TRIPS * 64, echoed.get(), "bytes echoed in round " + round);
            }
        }
        s.close();
    }

    /** One client of {@link #workersTakingTurnsInThePollEchoEveryRoundTrip}, on blocking {@code java.net}. */
    private static void echo(int port, AtomicLong echoed) {
        try (Socket so = new Socket(InetAddress.getLoopbackAddress(), port)) {
            so.setTcpNoDelay(true);
            InputStream in = so.getInputStream();
            OutputStream out = so.getOutputStream();
            byte[] sent = new byte[64];
            byte[] back = new byte[64];
            for (int trip = 0; trip < ECHO_TRIPS; trip++) {
                ThreadLocalRandom.current().nextBytes(sent);
                out.write(sent);
                for (int off = 0; off < back.length; ) {
                    int n = in.read(back, off, back.length - off);
                    if (n < 0) {
                        throw new IllegalStateException("EOF");
                    }
                    off += n;
                }
                if (!Arrays.equals(sent, back)) {
                    throw new IllegalStateException("the echo differs");
                }
                echoed.addAndGet(back.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A worker that never runs dry never polls: the poller thread must then poll for it every
     * few milliseconds (Go's {@code sysmon}), so that a goroutine whose socket became ready is
     * readied and run (by the worker the monitor adds beside the one a goroutine hogs) long
     * before the poller would give up on the workers and block in the poll itself (a second).
     */
    @Test
    void aSocketReadiesItsGoroutineWhileEveryWorkerIsBusy() throws Exception {
        try (Listener ln = Net.listen("127.0.0.1:0");
             Scheduler s = Scheduler.builder().name("busy").workers(1).uncaughtExceptionHandler(failures).build()) {
            CompletableFuture<Conn> accepted = new CompletableFuture<>();
            s.go(() -> accepted.complete(ln.accept()));
            try (Conn client = Net.dial(ln.addr()); Conn server = accepted.get(30, TimeUnit.SECONDS)) {
                AtomicLong readAt = new AtomicLong();
                Goroutine reader = s.go("reader", () -> {
                    byte[] b = new byte[1];
                    server.read(b, 0, 1);
                    readAt.set(System.nanoTime());
                });
                Waits.whileTrue("the reader has not parked", () -> reader.state() != Goroutine.State.WAITING);
                AtomicBoolean hogStarted = new AtomicBoolean();
                Goroutine hog = s.go("hog", () -> {
                    hogStarted.set(true);
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (readAt.get() == 0 && System.nanoTime() - end < 0) {
                        Thread.onSpinWait();
                    }
                });
                Waits.whileTrue("the hog has not started", () -> !hogStarted.get());
                long wroteAt = System.nanoTime();
                client.write(new byte[] {7}, 0, 1);
                assertTrue(reader.join(Duration.ofSeconds(30)), s::dump);
                assertTrue(hog.join(Duration.ofSeconds(30)), s::dump);
                long millis = TimeUnit.NANOSECONDS.toMillis(readAt.get() - wroteAt);
                assertTrue(millis < 900, () -> "the reader ran " + millis + " ms after its data came\n" + s.dump());
            }
        }
    }

    @Test
    void aSchedulerWhoseWorkerPollsCloses() throws Exception {
        for (int round = 0; round < 20; round++) {
            try (Listener ln = Net.listen("127.0.0.1:0")) {
                Scheduler s = Scheduler.builder().name("closing").workers(2).uncaughtExceptionHandler(failures).build();
                CompletableFuture<Conn> accepted = new CompletableFuture<>();
                s.go(() -> accepted.complete(ln.accept()));
                try (Conn client = Net.dial(ln.addr()); Conn server = accepted.get(30, TimeUnit.SECONDS)) {
                    Goroutine reader = readerOf(s, server);
                    Waits.whileTrue("the reader has not parked", () -> reader.state() != Goroutine.State.WAITING);
                    client.write(new byte[] {1}, 0, 1);
                    assertTrue(reader.join(Duration.ofSeconds(30)), s::dump);
                }
                s.shutdown();
                assertTrue(s.awaitTermination(Duration.ofSeconds(30)), s::dump);
                Waits.whileTrue("a worker has not exited", () -> s.workerCount() > 0);
            }
        }
    }
}
