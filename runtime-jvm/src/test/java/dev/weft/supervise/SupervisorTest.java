package dev.weft.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.actor.GenServer;
import dev.weft.actor.Server;
import dev.weft.chan.Chan;
import dev.weft.chan.Received;
import dev.weft.sched.Scheduler;
import dev.weft.supervise.SupervisorEvent.ChildExited;
import dev.weft.supervise.SupervisorEvent.ChildStarted;
import dev.weft.supervise.SupervisorEvent.ChildStopped;
import dev.weft.supervise.SupervisorEvent.IntensityExceeded;
import dev.weft.supervise.SupervisorEvent.Stopped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SupervisorTest {
    private Scheduler s;
    private final Chan<SupervisorEvent> events = Chan.unbounded();
    private final Map<String, Chan<String>> triggers = new HashMap<>();

    @BeforeEach
    void start() {
        s = Scheduler.builder().name("supervision").build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** A child that runs until told "fail" (throws) or "exit" (returns), or until stopped. */
    private ChildSpec child(String name) {
        Chan<String> trigger = triggers.computeIfAbsent(name, n -> Chan.unbounded());
        return ChildSpec.worker(name, () -> {
            String what = trigger.recv();
            if (what.equals("fail")) {
                throw new IllegalStateException(name + " failed");
            }
        });
    }

    private void tell(String child, String what) {
        triggers.get(child).send(what);
    }

    /** The events up to and including the first that matches, waiting for it. */
    private List<SupervisorEvent> until(Predicate<SupervisorEvent> last) {
        List<SupervisorEvent> seen = new ArrayList<>();
        while (true) {
            Received<SupervisorEvent> r = events.recv(Duration.ofSeconds(30));
            assertTrue(r.isOk(), "timed out waiting; saw " + seen);
            seen.add(r.value());
            if (last.test(r.value())) {
                return seen;
            }
        }
    }

    private static Predicate<SupervisorEvent> started(String child, int restarts) {
        return e -> e instanceof ChildStarted st && st.child().equals(child) && st.restarts() == restarts;
    }

    private Supervisor.Builder builder(String name, Strategy strategy, String... children) {
        Supervisor.Builder b = Supervisor.builder(name).strategy(strategy).intensity(10, Duration.ofSeconds(60)).listener(events::send);
        for (String c : children) {
            b.child(child(c));
        }
        return b;
    }

    @Test
    void oneForOneRestartsOnlyTheFailedChild() throws Exception {
        Supervisor sup = startOn(builder("sup", Strategy.ONE_FOR_ONE, "a", "b", "c"));
        until(started("c", 0));
        tell("b", "fail");
        List<SupervisorEvent> seen = until(started("b", 1));
        assertEquals(2, seen.size(), seen.toString());
        assertInstanceOf(ChildExited.class, seen.get(0));
        assertEquals("b failed", ((ChildExited) seen.get(0)).cause().getMessage());
        sup.stop();
        List<SupervisorEvent> shutdown = until(e -> e instanceof Stopped);
        assertEquals(List.of(new ChildStopped("sup", "c"), new ChildStopped("sup", "b"), new ChildStopped("sup", "a"), new Stopped("sup")),
                shutdown, "reverse start order, then the supervisor");
        s.awaitQuiescence();
        assertEquals(0, s.goroutineCount());
    }

    @Test
    void oneForAllRestartsEverySibling() throws Exception {
        Supervisor sup = startOn(builder("all", Strategy.ONE_FOR_ALL, "a", "b", "c"));
        until(started("c", 0));
        tell("b", "fail");
        List<SupervisorEvent> seen = until(started("c", 1));
        assertEquals(List.of("exited b", "stopped c", "stopped a", "started a", "started b", "started c"), describe(seen));
        sup.stop();
    }

    @Test
    void restForOneRestartsTheFailedAndTheLaterOnes() throws Exception {
        Supervisor sup = startOn(builder("rest", Strategy.REST_FOR_ONE, "a", "b", "c"));
        until(started("c", 0));
        tell("b", "fail");
        List<SupervisorEvent> seen = until(started("c", 1));
        assertEquals(List.of("exited b", "stopped c", "started b", "started c"), describe(seen));
        sup.stop();
    }

    @Test
    void restartTypesDecideWhatComesBack() throws Exception {
        Supervisor sup = startOn(Supervisor.builder("types").intensity(10, Duration.ofSeconds(60)).listener(events::send)
                .child(child("perm"))
                .child(child("trans").restart(Restart.TRANSIENT))
                .child(child("temp").restart(Restart.TEMPORARY)));
        until(started("temp", 0));
        tell("perm", "exit");
        until(started("perm", 1));                   // permanent: back even after a normal exit
        tell("trans", "fail");
        until(started("trans", 1));                  // transient: back after a failure
        tell("trans", "exit");
        List<SupervisorEvent> seen = until(e -> e instanceof ChildExited x && x.child().equals("trans"));
        tell("temp", "fail");
        seen.addAll(until(e -> e instanceof ChildExited x && x.child().equals("temp")));
        tell("perm", "fail");
        seen.addAll(until(started("perm", 2)));
        assertFalse(describe(seen).contains("started trans"), "transient: not back after a normal exit " + seen);
        assertFalse(describe(seen).contains("started temp"), "temporary: never back " + seen);
        sup.stop();
    }

    @Test
    void aRestartStormExceedsTheIntensityExactlyOnceAndFails() throws Exception {
        Chan<String> crashes = Chan.unbounded();
        Supervisor sup = startOn(Supervisor.builder("storm").intensity(3, Duration.ofSeconds(60)).listener(events::send)
                .child(child("steady"))
                .child(ChildSpec.worker("crasher", () -> {
                    crashes.send("crash");
                    throw new IllegalStateException("crash");
                })));
        List<SupervisorEvent> seen = until(e -> e instanceof Stopped);
        long exceeded = seen.stream().filter(e -> e instanceof IntensityExceeded).count();
        long crasherStarts = seen.stream().filter(e -> e instanceof ChildStarted st && st.child().equals("crasher")).count();
        assertEquals(1, exceeded, seen.toString());
        assertEquals(4, crasherStarts, "the first start and 3 restarts " + seen);
        assertTrue(seen.contains(new ChildStopped("storm", "steady")), "its other children were stopped");
        SupervisorException e = assertThrows(SupervisorException.class, sup::join);
        assertEquals("crash", e.getCause().getMessage());
        assertFalse(sup.isRunning());
    }

    @Test
    void aNestedSupervisorThatGivesUpFailsToItsParent() throws Exception {
        Supervisor.Builder inner = Supervisor.builder("inner").intensity(1, Duration.ofSeconds(60)).listener(events::send)
                .child(child("x"));
        Supervisor outer = startOn(Supervisor.builder("outer").intensity(5, Duration.ofSeconds(60)).listener(events::send)
                .child(child("sibling"))
                .child(ChildSpec.supervisor(inner)));
        until(e -> e instanceof ChildStarted st && st.supervisor().equals("inner") && st.child().equals("x"));
        tell("x", "fail");                           // one restart: allowed
        until(e -> e instanceof ChildStarted st && st.child().equals("x") && st.restarts() == 1);
        tell("x", "fail");                           // a second: the inner supervisor gives up
        List<SupervisorEvent> seen = until(started("inner", 1));
        assertTrue(seen.contains(new IntensityExceeded("inner", 1, Duration.ofSeconds(60))), seen.toString());
        ChildExited innerExit = (ChildExited) seen.stream().filter(e -> e instanceof ChildExited x && x.child().equals("inner")).findFirst().orElseThrow();
        assertInstanceOf(SupervisorException.class, innerExit.cause());
        assertFalse(describe(seen).contains("stopped sibling"), "one_for_one: the sibling kept running");
        outer.stop();
        s.awaitQuiescence();
        assertEquals(0, s.goroutineCount(), "the whole tree stopped");
    }

    @Test
    void aSupervisedGenServerKeepsItsAddressAcrossARestart() throws Exception {
        Server<String, Integer, Integer> counter = Server.create("counter");
        Supervisor sup = startOn(Supervisor.builder("servers").listener(events::send)
                .child(ChildSpec.server("counter", counter, () -> new GenServer<Integer, String, Integer, Integer>() {
                    @Override
                    public Integer init() {
                        return 0;
                    }

                    @Override
                    public Reply<Integer, Integer> handleCall(String request, Integer n) {
                        if (request.equals("crash")) {
                            throw new IllegalStateException("crash");
                        }
                        return GenServer.reply(n, n);
                    }

                    @Override
                    public Integer handleCast(Integer delta, Integer n) {
                        return n + delta;
                    }
                })));
        counter.cast(3);
        assertEquals(3, counter.call("get", Duration.ofSeconds(10)));
        assertThrows(Exception.class, () -> counter.call("crash", Duration.ofSeconds(10)));
        until(started("counter", 1));
        assertEquals(0, counter.call("get", Duration.ofSeconds(10)), "a fresh state at the same address");
        sup.stop();
        assertThrows(TimeoutException.class, () -> counter.call("get", Duration.ofMillis(20)), "stopped with its supervisor");
    }

    @Test
    void aNegativeShutdownWaitHasRunOutAsEveryWeftTimeoutDoes() throws Exception {
        for (Duration negative : List.of(Duration.ofNanos(-1), Duration.ofSeconds(Long.MIN_VALUE))) {
            assertEquals(Duration.ZERO, child("w").shutdown(negative).shutdown());
        }
        Supervisor sup = startOn(Supervisor.builder("impatient").listener(events::send)
                .child(child("w").shutdown(Duration.ofSeconds(-1))));
        until(started("w", 0));
        sup.stop();
        until(e -> e instanceof Stopped);
    }

    /** Starts the supervisor from a goroutine of {@code s}, so its whole tree runs there. */
    private Supervisor startOn(Supervisor.Builder b) throws Exception {
        return s.run(b::start);
    }

    private static List<String> describe(List<SupervisorEvent> seen) {
        List<String> out = new ArrayList<>();
        for (SupervisorEvent e : seen) {
            switch (e) {
                case ChildStarted st -> out.add("started " + st.child());
                case ChildExited x -> out.add("exited " + x.child());
                case ChildStopped st -> out.add("stopped " + st.child());
                default -> out.add(e.toString());
            }
        }
        return out;
    }
}
