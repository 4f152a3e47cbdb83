package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.chan.Chan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.future.Promise;
import dev.weft.net.Conn;
import dev.weft.net.Listener;
import dev.weft.net.Net;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sync.Mutex;
import dev.weft.sync.Semaphore;
import dev.weft.sync.WaitGroup;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a parked goroutine waits on, as Weft's dump and a debugger show it: its blocker's
 * {@code toString} names the operation and the channel, lock or socket
 * ({@code chan receive on Chan#12[cap=0]}), not an anonymous object.
 */
class WaitReasonsTest {
    private final Scheduler s = Scheduler.builder().name("reasons").build();

    @AfterEach
    void close() {
        s.shutdownNow();
        s.close();
    }

    /** The blocker of a goroutine parked in {@code waits}. */
    private String blockerOf(Body waits) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        s.go(() -> {
            thread.complete(Thread.currentThread());
            waits.run();
        });
        Thread t = thread.get(30, TimeUnit.SECONDS);
        Waits.whileTrue("the goroutine has not parked", () -> LockSupport.getBlocker(t) == null);
        return LockSupport.getBlocker(t).toString();
    }

    @Test
    void blockersNameWhatIsWaitedOn() throws Exception {
        Chan<Integer> ch = Chan.make();
        assertTrue(blockerOf(ch::recv).matches("chan receive on Chan#\\d+\\[cap=0]"), blockerOf(ch::recv));
        Chan<Integer> full = Chan.make(1);
        full.send(1);
        assertTrue(blockerOf(() -> full.send(2, Duration.ofHours(1))).matches("chan send on Chan#\\d+\\[cap=1]"));
        String oneCase = blockerOf(() -> Select.select(SelectCase.recv(ch), SelectCase.recv(full.cap() > 0 ? null : ch)));
        assertTrue(oneCase.matches("select \\(chan receive on Chan#\\d+\\[cap=0]\\)"), oneCase);
        String twoCases = blockerOf(() -> Select.select(SelectCase.recv(ch), SelectCase.send(full, 3)));
        assertTrue(twoCases.matches("select \\(chan receive on Chan#\\d+\\[cap=0], chan send on Chan#\\d+\\[cap=1]\\)"), twoCases);
        assertEquals("select (no cases)", blockerOf(() -> Select.select(SelectCase.recv((Chan<Integer>) null))));
        Mutex mu = new Mutex();
        mu.lock();
        assertTrue(blockerOf(mu::lock).startsWith("mutex lock (locked"));
        WaitGroup wg = new WaitGroup();
        wg.add(2);
        assertEquals("wait group (count 2)", blockerOf(wg::await));
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        assertEquals("semaphore acquire (0 available)", blockerOf(() -> sem.acquire(1)));
        assertEquals("sleep", blockerOf(() -> Time.sleep(Duration.ofHours(1))));
        try (Listener ln = Net.listen("127.0.0.1:0"); Conn c = Net.dial(ln.addr())) {
            assertTrue(blockerOf(() -> c.read(new byte[1], 0, 1)).startsWith("net I/O on "));
        }
    }

    /**
     * A promise's or a context's {@code done} channel says whose it is; a JDK future or condition,
     * whose blocker names only its class, is named by its operation.
     */
    @Test
    void futuresAndContextsAreNamed() throws Exception {
        Promise<String> p = new Promise<>();
        String promise = reasonOf(p::await);
        assertTrue(promise.matches("chan receive on Chan#\\d+\\[cap=0, done of a Promise]"), promise);
        CancelContext ctx = Context.withCancel(Context.background());
        String context = reasonOf(() -> ctx.done().recvOrClosed());
        assertTrue(context.matches("chan receive on Chan#\\d+\\[cap=0, done of a context]"), context);
        assertEquals("future await (CompletableFuture)", reasonOf(() -> new CompletableFuture<>().get()));
        assertEquals("condition await (java.util.concurrent)", reasonOf(() -> new LinkedBlockingQueue<>().take()));
    }

    /** What {@link Goroutine#info()} says a goroutine parked in {@code waits} waits on. */
    private String reasonOf(Body waits) throws Exception {
        Goroutine g = s.go(waits);
        Waits.whileTrue("the goroutine has not parked", () -> g.info().waitingOn().isEmpty());
        return g.info().waitingOn();
    }

    @Test
    void dumpAndGoroutinesSayWhatEachWaitsOn() throws Exception {
        Chan<Integer> ch = Chan.make();
        Goroutine g = s.go("receiver", ch::recv);
        Waits.whileTrue("the receiver has not parked", () -> g.info().waitingOn().isEmpty());
        assertTrue(g.info().waitingOn().matches("chan receive on Chan#\\d+\\[cap=0]"), g.info().toString());
        String dump = s.dump();
        assertTrue(dump.contains("goroutine " + g.id() + " \"receiver\" [chan receive on Chan#"), dump);
        assertTrue(s.goroutines().stream().anyMatch(i -> i.id() == g.id() && i.waitingOn().equals(g.info().waitingOn())),
                s.goroutines().toString());
        assertEquals(0, g.createdBy(), "started by the test's platform thread");
        ch.send(1);
        assertTrue(g.join(Duration.ofSeconds(30)));
    }

    @Test
    void theDumpSaysSleepForTheJdksSleepToo() throws Exception {
        // The sleep is what is observed; the test waits for the park, never for time to pass.
        Goroutine g = s.go("sleeper", () -> Thread.sleep(Duration.ofHours(1)));
        Waits.whileTrue("the sleeper has not parked", () -> g.info().state() != Goroutine.State.WAITING);
        String dump = s.dump();
        assertTrue(dump.contains("goroutine " + g.id() + " \"sleeper\" [sleep]:"), dump);
    }

    @Test
    void theDumpSaysWhichGoroutineStartedEach() throws Exception {
        Chan<Goroutine> started = Chan.make(2);
        Chan<Integer> never = Chan.make();
        Goroutine parent = s.go("parent", () -> {
            started.send(s.go("child", never::recv));
            started.send(s.go("lambda child", () -> never.recv()));
            never.recv();
        });
        Goroutine child = started.recv();
        Goroutine lambdaChild = started.recv();
        for (Goroutine g : List.of(parent, child, lambdaChild)) {
            Waits.whileTrue(g.name() + " has not parked", () -> g.info().waitingOn().isEmpty());
        }
        assertEquals(parent.id(), child.createdBy());
        assertEquals(parent.id(), child.info().createdBy());
        String dump = s.dump();
        String here = WaitReasonsTest.class.getName() + ".theDumpSaysWhichGoroutineStartedEach";
        // A method reference names only itself: the line names the goroutine alone.
        assertEquals("created by goroutine " + parent.id(), lastLineOf(dump, child));
        // A lambda names the method that wrote it, where the go statement is, as Go's line does.
        assertEquals("created by " + here + " in goroutine " + parent.id(), lastLineOf(dump, lambdaChild));
        assertEquals("created by " + here, lastLineOf(dump, parent), "a platform thread started it");
        never.send(1);
        never.send(2);
        never.send(3);
        assertTrue(parent.join(Duration.ofSeconds(30)) && child.join(Duration.ofSeconds(30))
                && lambdaChild.join(Duration.ofSeconds(30)), s::dump);
    }

    /** The last line of {@code g}'s entry in {@code dump}. */
    private static String lastLineOf(String dump, Goroutine g) {
        int at = dump.indexOf("goroutine " + g.id() + " \"");
        assertTrue(at >= 0, dump);
        int end = dump.indexOf("\n\n", at);
        String entry = end < 0 ? dump.substring(at) : dump.substring(at, end);
        List<String> lines = entry.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void aWaitLastsFromWhenItWasFirstSeenUntilTheNextWait() throws Exception {
        Chan<Integer> first = Chan.make();
        Chan<Integer> second = Chan.make();
        Goroutine g = s.go("waiter", () -> {
            first.recv();
            second.recv();
        });
        Waits.whileTrue("the waiter has not parked", () -> g.info().waitingOn().isEmpty());
        long noted = System.nanoTime();      // the wait was first seen before this
        Goroutine other = s.go("other", () -> { });
        assertTrue(other.join(Duration.ofSeconds(30)), s::dump);   // time passes, by an event
        // A reading of the wait is at least the time since it was noted; two readings differ by
        // the time between them, which the clock readings around them bound from both sides.
        // A reading that restarted the wait would fall below those bounds.
        long beforeFirst = System.nanoTime();
        Duration seen = g.info().waited();
        long afterFirst = System.nanoTime();
        long beforeSecond = System.nanoTime();
        Duration later = g.info().waited();
        long afterSecond = System.nanoTime();
        long grew = later.minus(seen).toNanos();
        assertTrue(seen.toNanos() >= beforeFirst - noted && grew >= beforeSecond - afterFirst && grew <= afterSecond - beforeFirst,
                seen + " then " + later + ": grew " + grew + " ns, between " + (beforeSecond - afterFirst)
                        + " and " + (afterSecond - beforeFirst) + " ns");
        first.send(1);
        String secondWait = second.toString().substring(0, second.toString().indexOf('[') + 1);
        Waits.whileTrue("the waiter is not in its second receive", () -> !g.info().waitingOn().contains(secondWait));
        assertTrue(g.info().waited().compareTo(later) < 0, "a new wait starts from zero: " + g.info());
        second.send(2);
        assertTrue(g.join(Duration.ofSeconds(30)), s::dump);
        assertEquals(Duration.ZERO, g.info().waited());
    }
}
