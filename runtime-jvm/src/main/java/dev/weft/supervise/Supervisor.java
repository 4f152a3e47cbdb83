package dev.weft.supervise;

import dev.weft.Weft;
import dev.weft.chan.Chan;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.internal.Nanos;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Erlang/OTP's supervisor: starts children in order, restarts them by a {@link Strategy} and
 * their {@link Restart} types, gives up when they fail too often, and stops them in reverse
 * order. Supervisors nest into trees through {@link ChildSpec#supervisor}.
 *
 * <pre>{@code
 * Supervisor root = Supervisor.builder("root")
 *         .strategy(Strategy.ONE_FOR_ONE)
 *         .intensity(3, Duration.ofSeconds(5))          // more than 3 restarts in 5 s: give up
 *         .child(ChildSpec.server("cache", cache, CacheServer::new))
 *         .child(ChildSpec.worker("poller", Poller::run).restart(Restart.TRANSIENT))
 *         .listener(event -> log.info(event.toString()))
 *         .start();
 * ...
 * root.stop();                                          // children stop in reverse start order
 * }</pre>
 *
 * <ul>
 *   <li><b>Restart intensity</b>: when a restart would make more than {@code maxRestarts}
 *       within {@code period}, the supervisor stops every child (reverse order), reports
 *       {@link SupervisorEvent.IntensityExceeded} and fails with a
 *       {@link SupervisorException}: a nested supervisor thereby fails to its own supervisor,
 *       which applies its own strategy; a top-level one reports it through {@link #join()}.</li>
 *   <li><b>Stopping</b> a child cancels its context and waits for it (see {@link ChildSpec});
 *       a child stopped by its supervisor is not restarted for that.</li>
 *   <li>A child that exits normally while the supervisor is not stopping it counts as an
 *       exit: a {@link Restart#PERMANENT} one is restarted even so, as in OTP.</li>
 * </ul>
 */
public final class Supervisor {
    /*
     * Implementation overview.
     *
     * The supervisor is one goroutine running an event loop, so its bookkeeping needs no lock.
     * Each child runs in a goroutine under its own {@link CancelContext}, deliberately not a child
     * of the supervisor's: cancelling the supervisor must not cancel every child at once, but let
     * the supervisor stop them one by one in reverse order. A child's goroutine ends by sending
     * an exit message (its slot, its incarnation number, its failure or null) on an unbounded
     * channel that the loop receives from. Stopping a child bumps its incarnation first, so its
     * exit message arrives stale and is ignored. Restart times sit in a queue trimmed to the
     * intensity period.
     */

    private record Exit(int slot, long incarnation, Throwable cause) {}

    /** A running child: its spec, and the incarnation now running (or none). */
    private static final class Slot {
        final ChildSpec spec;
        long incarnation;
        int restarts;
        CancelContext ctx;
        Goroutine goroutine;
        boolean removed;                     // exited and not to be restarted

        Slot(ChildSpec spec) {
            this.spec = spec;
        }
    }

    private final String name;
    private final CancelContext ctx;
    private final Goroutine goroutine;
    private final AtomicReference<SupervisorException> failure;

    private Supervisor(String name, CancelContext ctx, Goroutine goroutine, AtomicReference<SupervisorException> failure) {
        this.name = name;
        this.ctx = ctx;
        this.goroutine = goroutine;
        this.failure = failure;
    }

    /** A builder for a supervisor named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The supervisor's name. */
    public String name() {
        return name;
    }

    /**
     * Stops every child in reverse start order, then the supervisor, and waits for all that.
     * Idempotent.
     */
    public void stop() {
        ctx.cancel();
        join();
    }

    /**
     * Waits until the supervisor has ended. An interrupt or the end of the current context
     * ends the wait, as it ends every Weft wait (see the {@link dev.weft} package).
     *
     * @throws SupervisorException if it gave up because its restart intensity was exceeded
     */
    public void join() {
        goroutine.join();
        SupervisorException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /** Whether the supervisor is still running. */
    public boolean isRunning() {
        return !goroutine.isDone();
    }

    /**
     * How a supervisor is configured; {@link #start()} runs one in a new goroutine. A builder may
     * start several supervisors in turn (a nested one is started anew on every restart), and is
     * not to be changed once it has.
     */
    public static final class Builder {
        private final String name;
        private final List<ChildSpec> children = new ArrayList<>();
        private Strategy strategy = Strategy.ONE_FOR_ONE;
        private int maxRestarts = 3;
        private Duration period = Duration.ofSeconds(5);
        private Consumer<? super SupervisorEvent> listener = e -> { };

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("supervisor name must not be null or blank");
            }
            this.name = name;
        }

        String name() {
            return name;
        }

        /** The restart strategy (default {@link Strategy#ONE_FOR_ONE}). */
        public Builder strategy(Strategy s) {
            this.strategy = Objects.requireNonNull(s, "strategy");
            return this;
        }

        /**
         * At most {@code maxRestarts} restarts within {@code period}, else give up (default: 3 in
         * 5 s, OTP's 3 in 5 s for supervisors).
         *
         * @throws IllegalArgumentException if {@code maxRestarts} is negative or the period not positive
         */
        public Builder intensity(int maxRestarts, Duration period) {
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("maxRestarts must not be negative, but is " + maxRestarts);
            }
            if (period == null || period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("intensity period must be positive, but is " + period);
            }
            this.maxRestarts = maxRestarts;
            this.period = period;
            return this;
        }

        /**
         * Adds a child; children start in the order added.
         *
         * @throws IllegalArgumentException if a sibling has the same name
         */
        public Builder child(ChildSpec spec) {
            Objects.requireNonNull(spec, "spec");
            for (ChildSpec c : children) {
                if (c.name().equals(spec.name())) {
                    throw new IllegalArgumentException("supervisor " + name + " already has a child named " + spec.name());
                }
            }
            children.add(spec);
            return this;
        }

        /** Where events go (see {@link SupervisorEvent}). */
        public Builder listener(Consumer<? super SupervisorEvent> l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** Starts the supervisor in a new goroutine named after it, under the caller's current context. */
        public Supervisor start() {
            CancelContext ctx = Context.current().withCancel();
            AtomicReference<SupervisorException> failure = new AtomicReference<>();
            Goroutine g = Weft.go("supervisor-" + name, () -> {
                try {
                    ctx.run(this::run);
                } catch (SupervisorException e) {
                    failure.set(e);          // reported by join(): a top-level supervisor's end
                }
            });
            return new Supervisor(name, ctx, g, failure);
        }

        /** Runs the supervisor on the calling goroutine until it is stopped or gives up; for nesting. */
        void run() {
            new Loop(this).run();
        }
    }

    /** The supervisor's goroutine: its event loop and everything it owns. */
    private static final class Loop {
        private final Builder config;
        private final List<Slot> slots = new ArrayList<>();
        private final Chan<Exit> exits = Chan.unbounded();
        private final ArrayDeque<Long> restartTimes = new ArrayDeque<>();

        Loop(Builder config) {
            this.config = config;
            for (ChildSpec spec : config.children) {
                slots.add(new Slot(spec));
            }
        }

        /** Runs until the current context ends (a normal stop) or the intensity is exceeded. */
        void run() {
            try {
                for (int i = 0; i < slots.size(); i++) {
                    startChild(i);
                }
                while (true) {
                    Exit e = exits.recv();                   // ends with the supervisor's context
                    Slot s = slots.get(e.slot());
                    if (e.incarnation() != s.incarnation || s.removed) {
                        continue;                            // one we stopped ourselves
                    }
                    s.goroutine = null;
                    emit(new SupervisorEvent.ChildExited(config.name, s.spec.name(), e.cause()));
                    if (!wantsRestart(s.spec.restart(), e.cause())) {
                        s.removed = true;            // done for good: no strategy restarts it
                        continue;
                    }
                    if (!allowRestart()) {
                        emit(new SupervisorEvent.IntensityExceeded(config.name, config.maxRestarts, config.period));
                        throw new SupervisorException("supervisor " + config.name + " gave up: more than "
                                + config.maxRestarts + " restarts within " + config.period, e.cause());
                    }
                    restart(e.slot());
                }
            } catch (ContextException stopping) {
                // stopped by its owner: an orderly end
            } finally {
                // The supervisor's own context may have ended: shutdown (and the listener it
                // calls) runs under none.
                Context.background().run(() -> {
                    stopAll();
                    emit(new SupervisorEvent.Stopped(config.name));
                });
            }
        }

        private static boolean wantsRestart(Restart r, Throwable cause) {
            return switch (r) {
                case PERMANENT -> true;
                case TRANSIENT -> cause != null;
                case TEMPORARY -> false;
            };
        }

        /** Records a restart; false if it would exceed the intensity. */
        private boolean allowRestart() {
            long now = System.nanoTime();
            long horizon = now - Nanos.of(config.period);
            while (!restartTimes.isEmpty() && restartTimes.peekFirst() - horizon < 0) {
                restartTimes.pollFirst();
            }
            if (restartTimes.size() >= config.maxRestarts) {
                return false;
            }
            restartTimes.addLast(now);
            return true;
        }

        private void restart(int failed) {
            switch (config.strategy) {
                case ONE_FOR_ONE -> startAgain(failed);
                case ONE_FOR_ALL -> {
                    stopRange(0, slots.size(), failed);
                    for (int i = 0; i < slots.size(); i++) {
                        startAgain(i);
                    }
                }
                case REST_FOR_ONE -> {
                    stopRange(failed + 1, slots.size(), -1);
                    for (int i = failed; i < slots.size(); i++) {
                        startAgain(i);
                    }
                }
            }
        }

        private void startAgain(int i) {
            Slot s = slots.get(i);
            if (!s.removed) {
                s.restarts++;
                startChild(i);
            }
        }

        private void startChild(int i) {
            Slot s = slots.get(i);
            long incarnation = ++s.incarnation;
            CancelContext childCtx = Context.background().withCancel();
            s.ctx = childCtx;
            Body body = s.spec.body();
            s.goroutine = Weft.go(s.spec.name(), () -> {
                Throwable cause = null;
                try {
                    childCtx.run(body.asRunnable());
                } catch (Throwable t) {
                    cause = t;
                } finally {
                    exits.send(new Exit(i, incarnation, cause));
                }
            });
            emit(new SupervisorEvent.ChildStarted(config.name, s.spec.name(), s.restarts));
        }

        /** Stops the running children of slots [from, to) except {@code except}, last first. */
        private void stopRange(int from, int to, int except) {
            for (int i = to - 1; i >= from; i--) {
                if (i != except) {
                    stopChild(slots.get(i));
                }
            }
        }

        private void stopAll() {
            stopRange(0, slots.size(), -1);
        }

        private void stopChild(Slot s) {
            Goroutine g = s.goroutine;
            if (g == null) {
                return;
            }
            s.incarnation++;                 // its exit message is now stale
            s.goroutine = null;
            s.ctx.cancel();
            if (!g.join(s.spec.shutdown())) {
                g.interrupt();
                g.join();
            }
            emit(new SupervisorEvent.ChildStopped(config.name, s.spec.name()));
        }

        private void emit(SupervisorEvent e) {
            try {
                config.listener.accept(e);
            } catch (RuntimeException listenerFailed) {
                System.getLogger("dev.weft").log(System.Logger.Level.WARNING,
                        "supervisor " + config.name + ": listener failed on " + e, listenerFailed);
            }
        }
    }
}
