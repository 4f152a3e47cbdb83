package dev.weft.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.chan.Chan;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.sync.Mutex;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Trace hooks: every block is followed by a switch back, every channel wait ended by a named goroutine. */
class TracerTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    record Event(String kind, long goroutine, String detail, long by) {
    }

    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

    private final Tracer recorder = new Tracer() {
        @Override
        public void onSwitch(long goroutine, Thread worker) {
            events.add(new Event("switch", goroutine, worker.getName(), 0));
        }

        @Override
        public void onBlock(long goroutine, String reason) {
            events.add(new Event("block", goroutine, reason, 0));
        }

        @Override
        public void onUnblock(long goroutine, long by) {
            events.add(new Event("unblock", goroutine, "", by));
        }
    };

    private long count(String kind, long goroutine) {
        return events.stream().filter(e -> e.kind().equals(kind) && e.goroutine() == goroutine).count();
    }

    @Test
    void pingPongAndALockAreTracedBlockForBlock() throws Exception {
        int rounds = 200;
        Goroutine ping;
        Goroutine pong;
        try (Scheduler s = Scheduler.builder().name("traced").workers(2).tracer(recorder)
                .uncaughtExceptionHandler(failures).build();
             Scheduler untraced = Scheduler.builder().name("untraced").workers(1).build()) {
            Chan<Integer> to = Chan.make();
            Chan<Integer> back = Chan.make();
            Mutex m = new Mutex();
            pong = s.go("pong", () -> {
                for (int i = 0; i < rounds; i++) {
                    back.send(to.recv() + 1);
                }
                m.lock();
                m.unlock();
            });
            m.lock();
            ping = s.go("ping", () -> {
                for (int i = 0; i < rounds; i++) {
                    to.send(i);
                    assertEquals(i + 1, back.recv());
                }
            });
            assertTrue(ping.join(Duration.ofSeconds(30)), s::dump);
            while (pong.state() != Goroutine.State.WAITING) {
                Thread.onSpinWait();             // pong blocks on the mutex the test holds
            }
            m.unlock();
            assertTrue(pong.join(Duration.ofSeconds(30)), s::dump);
            Chan<Integer> other = Chan.make();
            untraced.go(() -> other.send(1));
            other.recv();
        }
        for (Goroutine g : List.of(ping, pong)) {
            long blocks = count("block", g.id());
            assertTrue(blocks > 0, "no blocks traced for " + g.name());
            assertEquals(blocks + 1, count("switch", g.id()), "a switch at start and after every block, " + g.name());
            long chanBlocks = events.stream().filter(e -> e.kind().equals("block") && e.goroutine() == g.id()
                    && e.detail().startsWith("chan ")).count();
            assertEquals(chanBlocks, count("unblock", g.id()), "every channel wait ended by an unblock, " + g.name());
        }
        long other = ping.id() + pong.id();
        assertTrue(events.stream().filter(e -> e.kind().equals("unblock"))
                .allMatch(e -> e.by() == other - e.goroutine() || e.by() == 0), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.kind().equals("block") && e.goroutine() == pong.id()
                && e.detail().startsWith("mutex lock on Mutex@")), events.toString());
        assertTrue(events.stream().filter(e -> e.kind().equals("switch")).allMatch(e -> e.detail().startsWith("traced-")),
                "switches happen on the traced scheduler's workers: " + events);
        assertTrue(events.stream().allMatch(e -> e.goroutine() == ping.id() || e.goroutine() == pong.id()),
                "only the traced scheduler's goroutines: " + events);
    }
}
