package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.chan.Chan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.future.Promise;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.scope.Scope;
import dev.weft.select.SelectBuilder;
import dev.weft.sync.Barrier;
import dev.weft.sync.Mutex;
import dev.weft.sync.Once;
import dev.weft.sync.OnceValue;
import dev.weft.sync.RWMutex;
import dev.weft.sync.Semaphore;
import dev.weft.sync.WaitGroup;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public operation that waits follows the one rule of the {@code dev.weft} package: an
 * interrupt (before or during the wait, in a goroutine or a platform thread) ends it with
 * {@code CancellationException} and leaves the interrupt status set; the end of the current
 * context ends it with {@code ContextException}; and either way it had no effect.
 */
class BlockingContractTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @RegisterExtension
    final GoroutineFailures failures = GoroutineFailures.alsoOnTheDefaultScheduler();

    private final Scheduler s = Scheduler.builder().name("contract").uncaughtExceptionHandler(failures).build();
    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void close() {
        cleanups.forEach(Runnable::run);
        s.close();
    }

    /** One blocking operation, set up to wait for ever, and what "it had no effect" means for it. */
    record Case(Body block, Runnable noEffect) {}

    /** How the wait is ended, and what the blocked caller must then see. */
    enum Mode {
        INTERRUPTED_GOROUTINE("CancellationException, interrupt kept"),
        INTERRUPTED_PLATFORM_THREAD("CancellationException, interrupt kept"),
        INTERRUPTED_BEFORE_THE_CALL("CancellationException, interrupt kept"),
        CURRENT_CONTEXT_CANCELLED("ContextException");

        final String expected;

        Mode(String expected) {
            this.expected = expected;
        }
    }

    /** A gate that never opens until the test ends; goroutines that wait on it end with it. */
    private Chan<Integer> gate() {
        Chan<Integer> gate = Chan.make();
        cleanups.add(gate::close);
        return gate;
    }

    /** A goroutine of {@code s} that waits until the test ends. */
    private Goroutine waiter(Scheduler on) {
        Chan<Integer> gate = gate();
        return on.go("waiter", gate::recvOrClosed);
    }

    private Case chanSend(boolean timed) {
        Chan<Integer> ch = Chan.make();
        return new Case(() -> {
            if (timed) {
                ch.send(1, HOUR);
            } else {
                ch.send(1);
            }
        }, () -> assertTrue(ch.tryRecv().isNotReady(), "nothing was sent"));
    }

    private Case chanRecv(Body recv, Chan<Integer> ch) {
        return new Case(recv, () -> assertFalse(ch.trySend(1), "no receiver is left waiting"));
    }

    private Case mutex(Mutex mu, Body lock) {
        mu.lock();
        return new Case(lock, () -> {
            mu.unlock();
            assertTrue(mu.tryLock(), "the abandoned waiter did not take the lock");
        });
    }

    private Case rwMutex(boolean read, boolean timed) {
        RWMutex rw = new RWMutex();
        rw.lock();
        Body lock = timed ? (read ? () -> rw.tryRLock(HOUR) : () -> rw.tryLock(HOUR)) : (read ? rw::rlock : rw::lock);
        return new Case(lock, () -> {
            rw.unlock();
            assertTrue(rw.tryLock(), "the abandoned waiter did not take the lock");
        });
    }

    private Case semaphore(boolean timed) {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        return new Case(() -> {
            if (timed) {
                sem.tryAcquire(1, HOUR);
            } else {
                sem.acquire(1);
            }
        }, () -> {
            sem.release(1);
            assertEquals(1, sem.available(), "the abandoned waiter acquired nothing");
        });
    }

    private Case waitGroup(boolean timed) {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        return new Case(() -> {
            if (timed) {
                wg.await(HOUR);
            } else {
                wg.await();
            }
        }, () -> assertEquals(1, wg.count()));
    }

    private Case cond(boolean timed) {
        Mutex mu = new Mutex();
        return new Case(() -> {
            mu.lock();
            try {
                if (timed) {
                    mu.newCond().await(HOUR);
                } else {
                    mu.newCond().await();
                }
            } finally {
                mu.unlock();                 // throws IllegalStateException if await left it unlocked
            }
        }, () -> assertFalse(mu.isLocked()));
    }

    private Case once(boolean value) {
        Chan<Integer> gate = gate();
        Once once = new Once();
        CompletableFuture<Void> running = new CompletableFuture<>();
        OnceValue<Integer> onceValue = new OnceValue<>(() -> {
            running.complete(null);          // the runner is computing: a later get() waits
            return gate.recvOrClosed().valueOr(0);
        });
        s.go("once-runner", () -> {
            if (value) {
                onceValue.get();
            } else {
                once.run(() -> {
                    running.complete(null);
                    gate.recvOrClosed();
                });
            }
        });
        running.join();
        return new Case(value ? onceValue::get : () -> once.run(() -> { }),
                () -> assertFalse(value ? onceValue.isDone() : once.isDone(), "the runner has not finished"));
    }

    private Case join(boolean timed) {
        Goroutine target = waiter(s);
        return new Case(() -> {
            if (timed) {
                target.join(HOUR);
            } else {
                target.join();
            }
        }, () -> assertFalse(target.isDone()));
    }

    private Case quiescence(boolean termination) {
        Scheduler other = Scheduler.builder().name("other").uncaughtExceptionHandler(failures).build();
        Goroutine w = waiter(other);
        cleanups.add(other::close);
        if (termination) {
            other.shutdown();
        }
        return new Case(termination ? other::awaitTermination : other::awaitQuiescence, () -> assertFalse(w.isDone()));
    }

    private Case scopeJoin() {
        Chan<Integer> gate = gate();
        Scope scope = Scope.open(Context.background());
        scope.go(() -> Context.background().run(gate::recvOrClosed));   // not ended by the scope's cancel
        cleanups.add(scope::close);
        return new Case(scope::join, () -> { });
    }

    private Case scopeSlot() {
        Chan<Integer> gate = gate();
        Scope scope = Scope.open(Context.background()).limit(1);
        scope.go(gate::recvOrClosed);
        cleanups.add(scope::close);
        return new Case(() -> scope.go(() -> { }), () -> { });
    }

    private Case cases(String name) {
        Chan<Integer> ch = Chan.make();
        return switch (name) {
            case "Chan.send" -> chanSend(false);
            case "Chan.send(timeout)" -> chanSend(true);
            case "Chan.recv" -> chanRecv(ch::recv, ch);
            case "Chan.recv(timeout)" -> chanRecv(() -> ch.recv(HOUR), ch);
            case "Chan.recvOrClosed" -> chanRecv(ch::recvOrClosed, ch);
            case "Chan.iterator" -> chanRecv(() -> ch.iterator().hasNext(), ch);
            case "Select.select" -> chanRecv(() -> Select.select(SelectCase.recv(ch), SelectCase.recv(null)), ch);
            case "Select.select(timeout)" -> chanRecv(() -> Select.select(HOUR, SelectCase.recv(ch)), ch);
            case "Select.selectBiased" -> chanRecv(() -> Select.selectBiased(HOUR, SelectCase.recv(ch)), ch);
            case "SelectBuilder.run" -> chanRecv(() -> SelectBuilder.<Integer>select().recv(ch, v -> v).run(), ch);
            case "SelectBuilder.run, no clause" -> new Case(() -> SelectBuilder.select().run(), () -> { });
            case "Time.sleep" -> new Case(() -> Time.sleep(HOUR), () -> { });
            case "Mutex.lock" -> {
                Mutex mu = new Mutex();
                yield mutex(mu, mu::lock);
            }
            case "Mutex.lock(ctx)" -> {
                Mutex mu = new Mutex();
                yield mutex(mu, () -> mu.lock(Context.background()));
            }
            case "Mutex.tryLock(timeout)" -> {
                Mutex mu = new Mutex();
                yield mutex(mu, () -> mu.tryLock(HOUR));
            }
            case "RWMutex.lock" -> rwMutex(false, false);
            case "RWMutex.rlock" -> rwMutex(true, false);
            case "RWMutex.tryLock(timeout)" -> rwMutex(false, true);
            case "RWMutex.tryRLock(timeout)" -> rwMutex(true, true);
            case "Semaphore.acquire" -> semaphore(false);
            case "Semaphore.tryAcquire(timeout)" -> semaphore(true);
            case "WaitGroup.await" -> waitGroup(false);
            case "WaitGroup.await(timeout)" -> waitGroup(true);
            case "Cond.await" -> cond(false);
            case "Cond.await(timeout)" -> cond(true);
            case "Barrier.await" -> {
                Barrier b = new Barrier(2);
                yield new Case(b::await, () -> assertEquals(0, b.generation(), "the barrier did not trip"));
            }
            case "Once.run" -> once(false);
            case "OnceValue.get" -> once(true);
            case "Goroutine.join" -> join(false);
            case "Goroutine.join(timeout)" -> join(true);
            case "Deferred.await" -> {
                Promise<Integer> p = new Promise<>();
                yield new Case(p::await, () -> assertFalse(p.isDone()));
            }
            case "Deferred.await(timeout)" -> {
                Promise<Integer> p = new Promise<>();
                yield new Case(() -> p.await(HOUR), () -> assertFalse(p.isDone()));
            }
            case "Scope.join" -> scopeJoin();
            case "Scope.go, waiting for a slot" -> scopeSlot();
            case "Scheduler.awaitQuiescence" -> quiescence(false);
            case "Scheduler.awaitTermination" -> quiescence(true);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Stream<Arguments> everyOperationAndMode() {
        List<String> names = List.of("Chan.send", "Chan.send(timeout)", "Chan.recv", "Chan.recv(timeout)",
                "Chan.recvOrClosed", "Chan.iterator", "Select.select", "Select.select(timeout)", "Select.selectBiased",
                "SelectBuilder.run", "SelectBuilder.run, no clause", "Time.sleep", "Mutex.lock", "Mutex.lock(ctx)",
                "Mutex.tryLock(timeout)", "RWMutex.lock", "RWMutex.rlock", "RWMutex.tryLock(timeout)",
                "RWMutex.tryRLock(timeout)", "Semaphore.acquire",
                "Semaphore.tryAcquire(timeout)", "WaitGroup.await", "WaitGroup.await(timeout)", "Cond.await", "Cond.await(timeout)",
                "Barrier.await", "Once.run", "OnceValue.get", "Goroutine.join", "Goroutine.join(timeout)",
                "Deferred.await", "Deferred.await(timeout)", "Scope.join", "Scope.go, waiting for a slot",
                "Scheduler.awaitQuiescence", "Scheduler.awaitTermination");
        return names.stream().flatMap(n -> Stream.of(Mode.values()).map(m -> Arguments.of(n, m)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyOperationAndMode")
    void cancellationEndsTheWaitWithNoEffect(String operation, Mode mode) throws Exception {
        Case c = cases(operation);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        CancelContext ctx = Context.background().withCancel();
        Body observed = () -> {
            if (mode == Mode.INTERRUPTED_BEFORE_THE_CALL) {
                Thread.currentThread().interrupt();
            }
            try {
                c.block().run();
                outcome.complete("returned");
            } catch (Throwable t) {
                outcome.complete(t.getClass().getSimpleName()
                        + (Thread.currentThread().isInterrupted() ? ", interrupt kept" : ""));
            }
        };
        Supplier<Boolean> waiting;
        Runnable cancel;
        switch (mode) {
            case INTERRUPTED_PLATFORM_THREAD -> {
                Thread t = Thread.ofPlatform().daemon().start(observed.asRunnable());
                waiting = () -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING;
                cancel = t::interrupt;
            }
            case CURRENT_CONTEXT_CANCELLED -> {
                Goroutine g = s.go(() -> ctx.run(observed.asRunnable()));
                waiting = () -> g.state() == Goroutine.State.WAITING;
                cancel = ctx::cancel;
            }
            default -> {
                Goroutine g = s.go(observed);
                waiting = () -> g.state() == Goroutine.State.WAITING || outcome.isDone();
                cancel = g::interrupt;
            }
        }
        if (mode != Mode.INTERRUPTED_BEFORE_THE_CALL) {
            Waits.whileTrue(operation + " has not started to wait", () -> !waiting.get() && !outcome.isDone());
            assertFalse(outcome.isDone(), () -> operation + " did not wait: " + outcome.join());
            cancel.run();
        }
        String seen;
        try {
            seen = outcome.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(operation + " was not ended by " + mode + "\n" + Scheduler.defaultScheduler().dump()
                    + "\n" + s.dump());
        }
        assertEquals(mode.expected, seen, operation);
        c.noEffect().run();
        ctx.cancel();
    }
}
