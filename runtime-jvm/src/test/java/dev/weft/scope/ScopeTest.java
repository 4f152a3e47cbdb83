package dev.weft.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.chan.Chan;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.sched.Scheduler;
import dev.weft.time.Time;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScopeTest {
    private Scheduler s;

    @BeforeEach
    void start() {
        s = Scheduler.builder().name("scope").build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void joinWaitsForEveryGoroutine() throws Exception {
        AtomicLong sum = new AtomicLong();
        s.run(() -> {
            try (Scope scope = Scope.open()) {
                for (int i = 1; i <= 10_000; i++) {
                    long k = i;
                    scope.go(() -> sum.addAndGet(k));
                }
                scope.join();
                assertEquals(50_005_000L, sum.get());
            }
            return null;
        });
        s.awaitQuiescence();
        assertEquals(0, s.goroutineCount(), "nothing outlived the scope");
    }

    @Test
    void theFirstFailureCancelsTheRestAndIsRethrownWithTheOthersSuppressed() throws Exception {
        IllegalStateException first = new IllegalStateException("first");
        IOException second = new IOException("second, after the first");
        AtomicInteger cancelled = new AtomicInteger();
        Throwable thrown = s.run(() -> {
            Chan<Integer> never = Chan.make();
            try (Scope scope = Scope.open()) {
                for (int i = 0; i < 8; i++) {
                    scope.go(() -> {
                        try {
                            never.recv();            // blocks until the scope is cancelled
                        } catch (ContextException e) {
                            cancelled.incrementAndGet();
                            throw e;                 // the cancellation's echo: not reported
                        }
                    });
                }
                scope.go(() -> {
                    throw first;
                });
                scope.go(() -> {
                    // strictly after the first failure has cancelled the scope
                    Context.background().run(() -> scope.context().done().recvOrClosed());
                    throw second;
                });
                return assertThrows(Throwable.class, scope::join);
            }
        });
        assertSame(first, thrown);
        assertEquals(8, cancelled.get(), "every blocked sibling was cancelled");
        assertEquals(1, thrown.getSuppressed().length, "only the real later failure is attached");
        assertSame(second, thrown.getSuppressed()[0]);
        s.awaitQuiescence();
        assertEquals(0, s.goroutineCount());
    }

    @Test
    void aCheckedFailureIsWrapped() throws Exception {
        IOException io = new IOException("checked");
        Throwable t = s.run(() -> {
            try (Scope scope = Scope.open()) {
                scope.go(() -> {
                    throw io;
                });
                return assertThrows(CompletionException.class, scope::join);
            }
        });
        assertSame(io, t.getCause());
    }

    @Test
    void closeWithoutJoinCancelsWaitsAndReportsNoFailureOfItsOwn() throws Exception {
        AtomicInteger ended = new AtomicInteger();
        s.run(() -> {
            Chan<Integer> never = Chan.make();
            try (Scope scope = Scope.open()) {
                for (int i = 0; i < 100; i++) {
                    scope.go(() -> {
                        try {
                            never.recv();
                        } finally {
                            ended.incrementAndGet();
                        }
                    });
                }
            }                                        // close(): cancel, wait, nothing thrown
            assertEquals(100, ended.get(), "close waited for every goroutine");
            return null;
        });
        s.awaitQuiescence();
        assertEquals(0, s.goroutineCount());
    }

    @Test
    void closeReportsAFailureJoinDidNotAndStartsNoMore() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable t = s.run(() -> {
            Scope scope = Scope.open();
            Chan<Boolean> failed = Chan.make(1);
            scope.go(() -> {
                failed.send(true);
                throw boom;
            });
            failed.recv();
            Throwable fromClose = assertThrows(IllegalStateException.class, scope::close);
            assertThrows(IllegalStateException.class, () -> scope.go(() -> { }));
            return fromClose;
        });
        assertSame(boom, t);
    }

    @Test
    void aLimitBoundsHowManyRunAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        s.run(() -> {
            try (Scope scope = Scope.open().limit(3)) {
                for (int i = 0; i < 300; i++) {
                    scope.go(() -> {
                        int now = running.incrementAndGet();
                        max.accumulateAndGet(now, Math::max);
                        Time.sleep(Duration.ofMillis(1));
                        running.decrementAndGet();
                    });
                }
                scope.join();
            }
            return null;
        });
        assertTrue(max.get() <= 3, "at most 3 at once, saw " + max.get());
        assertEquals(3, max.get(), "and the limit was used");
        assertThrows(IllegalArgumentException.class, () -> Scope.open().limit(0));
    }

    @Test
    void aScopeEndsWithItsParentContext() throws Exception {
        CancelContext parent = Context.background().withCancel();
        Throwable t = s.run(() -> {
            try (Scope scope = Scope.open(parent)) {
                Chan<Integer> never = Chan.make();
                scope.go(never::recv);
                s.go(parent::cancel);
                return assertThrows(ContextException.class, scope::join);
            }
        });
        assertFalse(((ContextException) t).isDeadlineExceeded());
        assertInstanceOf(ContextException.class, t);
    }
}
