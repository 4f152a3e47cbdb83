package dev.weft.supervise;

import dev.weft.actor.GenServer;
import dev.weft.actor.Server;
import dev.weft.sched.Body;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a supervisor starts one child, and what it does when the child exits.
 *
 * <pre>{@code
 * ChildSpec.worker("poller", () -> pollForever()).restart(Restart.TRANSIENT)
 * ChildSpec.server("cache", cache, CacheServer::new)      // a GenServer, restarted in place
 * ChildSpec.supervisor(Supervisor.builder("db").child(...)) // supervisors nest into trees
 * }</pre>
 *
 * A child is a goroutine running {@link #body()} under a context of its own; the supervisor
 * stops it by cancelling that context (its blocking operations then end with a
 * {@link dev.weft.context.ContextException}) and waits at most {@link #shutdown()} for it
 * to return; after that it interrupts it, and waits again (a goroutine cannot be killed).
 * Immutable.
 *
 * @param name     unique among its siblings
 * @param body     what the child's goroutine runs; returning is a normal exit, throwing a failure
 * @param restart  when to restart it
 * @param shutdown how long to wait for it to stop before interrupting it (zero, or negative: not at all)
 */
public record ChildSpec(String name, Body body, Restart restart, Duration shutdown) {
    /** The default shutdown wait (OTP's default for workers). */
    public static final Duration DEFAULT_SHUTDOWN = Duration.ofSeconds(5);

    /**
     * A negative shutdown wait has already run out, as every Weft timeout that is zero or
     * negative: the child is interrupted as soon as its context is cancelled.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    public ChildSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(shutdown, "shutdown");
        if (name.isBlank()) {
            throw new IllegalArgumentException("child name must not be blank");
        }
        if (shutdown.isNegative()) {
            shutdown = Duration.ZERO;
        }
    }

    /** A permanent child running {@code body}. */
    public static ChildSpec worker(String name, Body body) {
        return new ChildSpec(name, body, Restart.PERMANENT, DEFAULT_SHUTDOWN);
    }

    /**
     * A permanent child serving {@code server}'s mailbox with a fresh {@code impl} on every
     * (re)start: callers keep the address, and what was queued for a failed server is served by
     * the next. The current call, if any, fails with the server.
     */
    public static <S, C, R, M> ChildSpec server(String name, Server<C, R, M> server, Supplier<? extends GenServer<S, C, R, M>> impl) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(impl, "impl");
        return worker(name, () -> server.serve(impl.get()));
    }

    /** A permanent child that is itself a supervisor, built anew on every (re)start. */
    public static ChildSpec supervisor(Supervisor.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        return new ChildSpec(builder.name(), builder::run, Restart.PERMANENT, Duration.ofSeconds(30));
    }

    /** The same child with another restart type. */
    public ChildSpec restart(Restart r) {
        return new ChildSpec(name, body, r, shutdown);
    }

    /** The same child with another shutdown wait. */
    public ChildSpec shutdown(Duration d) {
        return new ChildSpec(name, body, restart, d);
    }
}
