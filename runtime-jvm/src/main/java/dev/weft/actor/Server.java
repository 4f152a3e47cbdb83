package dev.weft.actor;

import dev.weft.Weft;
import dev.weft.chan.Chan;
import dev.weft.chan.ChanClosedException;
import dev.weft.chan.Received;
import dev.weft.future.Promise;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The address of a {@link GenServer}: its mailbox, through which {@link #call} and {@link #cast}
 * reach it. The mailbox outlives one run of the server, so under a supervisor a restarted
 * server keeps its address and the messages queued for it.
 *
 * @param <C> call requests
 * @param <R> call replies
 * @param <M> cast messages
 */
public final class Server<C, R, M> {
    /*
     * Implementation overview.
     *
     * The mailbox is an unbounded {@link Chan} of envelopes: a cast never blocks (as in Erlang),
     * a call carries a {@link Promise} that the server settles with the reply or the failure, and
     * the caller awaits it with a timeout. {@link #serve} is the server's loop: init, then one
     * envelope at a time. {@link #stop()} closes the mailbox, Go's way of saying "no more": the
     * loop still handles everything sent before the close, then ends; a message sent after it
     * fails loudly instead of vanishing.
     */

    /** Erlang's default call timeout. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

    private sealed interface Envelope<C, R, M> {}

    private record Call<C, R, M>(C request, Promise<R> reply) implements Envelope<C, R, M> {}

    private record Cast<C, R, M>(M message) implements Envelope<C, R, M> {}

    private final String name;
    private final Chan<Envelope<C, R, M>> mailbox = Chan.unbounded();
    private final Promise<Void> stopped = new Promise<>();

    private Server(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A server address with an empty mailbox and nothing serving it yet; see {@link #serve}. */
    public static <C, R, M> Server<C, R, M> create(String name) {
        return new Server<>(name);
    }

    /** Creates an address and starts a goroutine named {@code name} serving it with {@code impl}. */
    public static <S, C, R, M> Server<C, R, M> start(String name, GenServer<S, C, R, M> impl) {
        Server<C, R, M> server = create(name);
        server.serveIn(Objects.requireNonNull(impl, "impl"));
        return server;
    }

    /** The server's name. */
    public String name() {
        return name;
    }

    /**
     * Calls the server and waits at most {@link #DEFAULT_CALL_TIMEOUT} for the reply.
     *
     * @see #call(Object, Duration)
     */
    public R call(C request) throws TimeoutException {
        return call(request, DEFAULT_CALL_TIMEOUT);
    }

    /**
     * Sends {@code request} and waits at most {@code timeout} for the reply (Erlang's
     * {@code gen_server:call}).
     *
     * @throws TimeoutException      if no reply came in time (the server may still handle it)
     * @throws CompletionException   wrapping the failure of {@code handleCall}
     * @throws IllegalStateException if the server has been stopped
     */
    public R call(C request, Duration timeout) throws TimeoutException {
        Promise<R> reply = new Promise<>();
        post(new Call<>(Objects.requireNonNull(request, "request"), reply));
        return reply.await(timeout);
    }

    /**
     * Sends {@code message} without waiting (Erlang's {@code gen_server:cast}).
     *
     * @throws IllegalStateException if the server has been stopped
     */
    public void cast(M message) {
        post(new Cast<>(Objects.requireNonNull(message, "message")));
    }

    private void post(Envelope<C, R, M> e) {
        try {
            mailbox.send(e);
        } catch (ChanClosedException closed) {
            String why = closed.getCause() != null ? "is not running: it failed" : "has been stopped";
            throw new IllegalStateException("server " + name + " " + why + "; nothing was delivered", closed);
        }
    }

    /**
     * Stops the server once it has handled what is already in its mailbox: it runs
     * {@code terminate(null, state)} and its loop returns. Later calls and casts throw. Waits at
     * most {@code timeout} for that; returns whether it happened.
     */
    public boolean stop(Duration timeout) {
        try {
            mailbox.close();
        } catch (IllegalStateException alreadyClosed) {
            // a second stop waits as well
        }
        try {
            stopped.await(timeout);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** {@link #stop(Duration)} with {@link #DEFAULT_CALL_TIMEOUT}. */
    public boolean stop() {
        return stop(DEFAULT_CALL_TIMEOUT);
    }

    /**
     * Serves this address with {@code impl} on the calling goroutine until stopped, until a
     * callback throws (then rethrows it, after {@code terminate}), or until the current context
     * ends (then throws its {@link dev.weft.context.ContextException}, after {@code terminate}).
     * {@link #start} runs it in a new goroutine; a supervisor runs it again after a failure.
     */
    public <S> void serve(GenServer<S, C, R, M> impl) throws Exception {
        S state = impl.init();
        try {
            for (Envelope<C, R, M> e : mailbox) {
                switch (e) {
                    case Call<C, R, M> call -> {
                        GenServer.Reply<S, R> r;
                        try {
                            r = impl.handleCall(call.request(), state);
                        } catch (Throwable t) {
                            call.reply().reject(t);
                            throw t;
                        }
                        state = r.state();
                        call.reply().resolve(r.reply());
                    }
                    case Cast<C, R, M> cast -> state = impl.handleCast(cast.message(), state);
                }
            }
        } catch (Throwable t) {
            impl.terminate(t, state);
            throw t;
        }
        impl.terminate(null, state);         // the mailbox was closed and drained: stopped
        stopped.resolve(null);
    }

    /**
     * Starts a goroutine serving this address with {@code impl} (what {@link #start} does), with
     * no supervisor to serve it again: if a callback throws, the address is closed with that
     * failure as the cause (Erlang's {@code noproc}): calls queued and later ones fail at once
     * with {@link IllegalStateException}, and casts are refused, instead of waiting out their
     * timeouts or piling up unread.
     */
    public <S> Goroutine serveIn(GenServer<S, C, R, M> impl) {
        Body loop = () -> {
            try {
                serve(impl);
            } catch (Throwable t) {
                closeFailed(t);
                throw t;
            }
        };
        return Weft.go(name, loop);
    }

    /** Closes the mailbox after the server failed, and fails every call still queued in it. */
    private void closeFailed(Throwable cause) {
        try {
            mailbox.close(cause);
        } catch (IllegalStateException alreadyClosed) {
            // stopped meanwhile: what is queued is failed all the same
        }
        IllegalStateException noproc = new IllegalStateException("server " + name + " is not running: it failed", cause);
        for (Received<Envelope<C, R, M>> r = mailbox.tryRecv(); r.isOk(); r = mailbox.tryRecv()) {
            if (r.value() instanceof Call<C, R, M> call) {
                call.reply().reject(noproc);
            }
        }
        stopped.resolve(null);               // its loop has ended
    }

    @Override
    public String toString() {
        return "Server[" + name + ", " + mailbox.len() + " queued]";
    }
}
