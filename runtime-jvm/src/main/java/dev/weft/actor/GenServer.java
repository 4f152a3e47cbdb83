package dev.weft.actor;

/**
 * Erlang/OTP's {@code gen_server} behaviour: a goroutine that owns a state and serves
 * synchronous calls and asynchronous casts from its mailbox, one at a time, so the state needs
 * no lock. Started by {@link Server#start}; run under a {@link dev.weft.supervise.Supervisor} by
 * {@link dev.weft.supervise.ChildSpec#server}.
 *
 * <pre>{@code
 * final class Counter implements GenServer<Long, String, Long, Long> {
 *     public Long init() { return 0L; }
 *     public Reply<Long, Long> handleCall(String get, Long n) { return GenServer.reply(n, n); }
 *     public Long handleCast(Long delta, Long n) { return n + delta; }
 * }
 * Server<String, Long, Long> counter = Server.start("counter", new Counter());
 * counter.cast(5L);
 * long now = counter.call("get", Duration.ofSeconds(1));
 * }</pre>
 *
 * A callback that throws ends the server: {@link #terminate} runs with the failure, a pending
 * call fails with it, and the goroutine ends with it (its supervisor, if any, decides what
 * happens next). Every callback runs on the server's goroutine.
 *
 * @param <S> the state
 * @param <C> call requests
 * @param <R> call replies
 * @param <M> cast messages
 */
public interface GenServer<S, C, R, M> {
    /** A reply to a call, and the state after it. */
    record Reply<S, R>(R reply, S state) {}

    /** {@code new Reply<>(reply, state)}. */
    static <S, R> Reply<S, R> reply(R reply, S state) {
        return new Reply<>(reply, state);
    }

    /** The initial state; runs first on the server's goroutine (again after each restart). */
    S init() throws Exception;

    /** Answers {@code request}; returns the reply and the next state. */
    Reply<S, R> handleCall(C request, S state) throws Exception;

    /**
     * Handles a cast; returns the next state. By default a server takes no casts and throws
     * {@link UnsupportedOperationException}, which ends it.
     */
    default S handleCast(M message, S state) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " does not handle casts: " + message);
    }

    /**
     * Runs last, on the server's goroutine: {@code reason} is null after {@link Server#stop()},
     * the failure or the {@link dev.weft.context.ContextException} that ended it otherwise.
     */
    default void terminate(Throwable reason, S state) {}
}
