package dev.weft.fluent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.GoroutineFailures;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GoroutineSpecTest {
    @RegisterExtension
    final GoroutineFailures failures = GoroutineFailures.alsoOnTheDefaultScheduler();


    @Test
    void startsANamedGoroutineOnTheGivenScheduler() throws Exception {
        try (Scheduler s = Scheduler.builder().name("fluent").build()) {
            AtomicReference<String> seen = new AtomicReference<>();
            GoroutineSpec spec = Go.goroutine("fetcher").on(s);
            Goroutine g = spec.start(() -> seen.set(Goroutine.current().name()));
            g.join();
            assertEquals("fetcher", seen.get());
            assertSame(s, g.scheduler());
        }
    }

    @Test
    void specsAreImmutable() throws Exception {
        GoroutineSpec base = Go.goroutine("a");
        GoroutineSpec renamed = base.name("b");
        Goroutine a = base.start(() -> {});
        Goroutine b = renamed.start(() -> {});
        a.join();
        b.join();
        assertEquals("a", a.name());
        assertEquals("b", b.name());
        assertSame(Scheduler.defaultScheduler(), a.scheduler());
    }

    @Test
    void blankNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Go.goroutine(""));
        assertEquals("goroutine name must not be null or blank", e.getMessage());
    }
}
