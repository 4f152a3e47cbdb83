package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.chan.Chan;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
