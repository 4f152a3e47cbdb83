package dev.weft.actor;

import dev.weft.future.Promise;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * An actor: a goroutine with a mailbox and a state of its own, changed only by the messages it
 * receives one at a time. {@link #tell} is fire-and-forget; {@link #ask} sends a message that
 * carries a {@link Promise} for the answer and waits for it (Akka's ask pattern).
 *
 * <pre>{@code
 * sealed interface Msg {}
 * record Add(long n) implements Msg {}
 * record Get(Promise<Long> reply) implements Msg {}
 *
 * Actor<Msg> counter = Actor.spawn("counter", 0L, (Long total, Msg m) -> switch (m) {
 *     case Add a -> total + a.n();
 *     case Get g -> { g.reply().resolve(total); yield total; }
 * });
 * counter.tell(new Add(5));
 * long total = counter.ask(Get::new, Duration.ofSeconds(1));
 * }</pre>
 *
 * An actor is a {@link GenServer} that takes only casts: {@link #server()} gives its address,
 * for {@link dev.weft.supervise.ChildSpec#server supervision}; a behaviour that throws ends it.
 *
 * @param <M> the messages it takes
 */
public final class Actor<M> {
    /**
     * What an actor does with a message: returns its next state.
     *
     * @param <S> the state
     * @param <M> the messages
     */
    @FunctionalInterface
    public interface Behavior<S, M> {
        /** Handles {@code message} in {@code state}; returns the next state. */
        S receive(S state, M message) throws Exception;
    }

    private final Server<Void, Void, M> server;

    private Actor(Server<Void, Void, M> server) {
        this.server = server;
    }

    /** Starts an actor named {@code name} in state {@code initial}, in its own goroutine. */
    public static <S, M> Actor<M> spawn(String name, S initial, Behavior<S, M> behavior) {
        return new Actor<>(Server.start(name, asServer(initial, behavior)));
    }

    /** The {@link GenServer} an actor runs: casts only, its state starting at {@code initial}. */
    public static <S, M> GenServer<S, Void, Void, M> asServer(S initial, Behavior<S, M> behavior) {
        Objects.requireNonNull(behavior, "behavior");
        return new GenServer<>() {
            @Override
            public S init() {
                return initial;
            }

            @Override
            public Reply<S, Void> handleCall(Void request, S state) {
                throw new UnsupportedOperationException("an actor takes no calls: ask sends a message");
            }

            @Override
            public S handleCast(M message, S state) throws Exception {
                return behavior.receive(state, message);
            }
        };
    }

    /** Wraps a server address that runs {@link #asServer} (for example under a supervisor). */
    public static <M> Actor<M> of(Server<Void, Void, M> server) {
        return new Actor<>(Objects.requireNonNull(server, "server"));
    }

    /**
     * Sends {@code message} without waiting.
     *
     * @throws IllegalStateException if the actor has been stopped
     */
    public void tell(M message) {
        server.cast(message);
    }

    /**
     * Sends the message {@code withReply} builds around a new promise, and waits at most
     * {@code timeout} for the actor to settle it.
     *
     * @throws TimeoutException if it did not answer in time
     * @throws java.util.concurrent.CompletionException if it rejected the promise
     */
    public <R> R ask(Function<Promise<R>, ? extends M> withReply, Duration timeout) throws TimeoutException {
        Promise<R> reply = new Promise<>();
        tell(withReply.apply(reply));
        return reply.await(timeout);
    }

    /** Stops the actor after the messages already sent; see {@link Server#stop(Duration)}. */
    public boolean stop(Duration timeout) {
        return server.stop(timeout);
    }

    /** Its address. */
    public Server<Void, Void, M> server() {
        return server;
    }

    @Override
    public String toString() {
        return "Actor[" + server.name() + "]";
    }
}
