package dev.weft.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Promise;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActorTest {
    private Scheduler s;

    @BeforeEach
    void start() {
        s = Scheduler.builder().name("actors").build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    sealed interface Msg {}

    record Add(long n) implements Msg {}

    record Get(Promise<Long> reply) implements Msg {}

    /** A counter server: casts add, calls read (and "fail" throws, "slow" never answers in time). */
    static final class Counter implements GenServer<Long, String, Long, Long> {
        static final Throwable NOT_TERMINATED = new Throwable("not terminated");
        final AtomicReference<Throwable> terminatedWith = new AtomicReference<>(NOT_TERMINATED);

        @Override
        public Long init() {
            return 0L;
        }

        @Override
        public Reply<Long, Long> handleCall(String request, Long n) throws Exception {
            switch (request) {
                case "fail" -> throw new IllegalStateException("asked to fail");
                case "slow" -> dev.weft.time.Time.sleep(Duration.ofMillis(200));
                default -> { }
            }
            return GenServer.reply(n, n);
        }

        @Override
        public Long handleCast(Long delta, Long n) {
            return n + delta;
        }

        @Override
        public void terminate(Throwable reason, Long state) {
            terminatedWith.set(reason);
        }
    }

    @Test
    void anActorKeepsItsStateAcrossConcurrentTellsAndAnswersAsks() throws Exception {
        Actor<Msg> counter = Actor.spawn("counter", 0L, (Long total, Msg m) -> switch (m) {
            case Add a -> total + a.n();
            case Get g -> {
                g.reply().resolve(total);
                yield total;
            }
        });
        List<Goroutine> senders = new ArrayList<>();
        for (int g = 0; g < 8; g++) {
            senders.add(s.go(() -> {
                for (int i = 1; i <= 1_000; i++) {
                    counter.tell(new Add(i));
                }
            }));
        }
        for (Goroutine g : senders) {
            g.join();
        }
        assertEquals(8 * 500_500L, counter.ask(Get::new, Duration.ofSeconds(10)), "nothing lost, nothing twice");
        assertTrue(counter.stop(Duration.ofSeconds(10)));
        assertThrows(IllegalStateException.class, () -> counter.tell(new Add(1)), "a stopped actor refuses loudly");
    }

    @Test
    void aGenServerServesCallsAndCastsInOrderAndTerminatesNormally() throws Exception {
        Counter impl = new Counter();
        Server<String, Long, Long> server = Server.start("counter", impl);
        server.cast(5L);
        server.cast(7L);
        assertEquals(12L, server.call("get"));
        assertTrue(server.stop(Duration.ofSeconds(10)));
        assertEquals(null, impl.terminatedWith.get(), "terminate(null) after a stop");
        assertThrows(IllegalStateException.class, () -> server.call("get"));
    }

    @Test
    void aCallTimesOut() throws Exception {
        Server<String, Long, Long> server = Server.start("slow", new Counter());
        assertThrows(TimeoutException.class, () -> server.call("slow", Duration.ofMillis(20)));
        assertEquals(0L, server.call("get", Duration.ofSeconds(10)), "the server is still there after the slow call");
        server.stop();
    }

    /**
     * An unsupervised server whose callback threw is gone, as an Erlang process is: later calls
     * fail at once (noproc) instead of waiting out their timeouts, and casts are refused
     * instead of queuing up unread.
     */
    @Test
    void aFailingCallbackEndsTheServerAndLaterCallsFailAtOnce() throws Exception {
        Counter impl = new Counter();
        Server<String, Long, Long> server = Server.start("fragile", impl);
        CompletionException e = assertThrows(CompletionException.class, () -> server.call("fail", Duration.ofSeconds(10)));
        assertEquals("asked to fail", e.getCause().getMessage());
        assertSame(e.getCause(), awaitTerminated(impl));
        long t0 = System.nanoTime();
        IllegalStateException noproc = assertThrows(IllegalStateException.class,
                () -> server.call("get", Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "failed at once, not after its timeout");
        assertTrue(noproc.getMessage().contains("not running"), noproc.getMessage());
        assertThrows(IllegalStateException.class, () -> server.cast(1L), "a cast is refused");
        assertTrue(server.stop(), "stopping a failed server is a no-op");
    }

    /** Waits for the event "terminate ran" (it runs just after the failed call is answered). */
    private static Throwable awaitTerminated(Counter impl) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (impl.terminatedWith.get() == Counter.NOT_TERMINATED) {
            assertTrue(System.nanoTime() - deadline < 0, "terminate ran within 30 s");
            Thread.onSpinWait();
        }
        return impl.terminatedWith.get();
    }
}
