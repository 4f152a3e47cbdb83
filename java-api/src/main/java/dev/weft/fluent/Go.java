package dev.weft.fluent;

import dev.weft.Weft;
import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.future.Deferred;
import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.ListenConfig;
import dev.weft.net.Listener;
import dev.weft.net.Net;
import dev.weft.net.PacketConn;
import dev.weft.sched.Body;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import dev.weft.scope.Scope;
import dev.weft.select.SelectBuilder;
import dev.weft.time.Time;
import dev.weft.time.Timer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * One static import for Java code that reads like Go.
 *
 * <pre>{@code
 * import static dev.weft.fluent.Go.*;
 *
 * Chan<Job> jobs = chan(100);
 * try (CancelContext ctx = withTimeout(Duration.ofSeconds(5))) {
 *     go(() -> produce(jobs));                     // runs under ctx
 *     String outcome = Go.<String>select()
 *             .recv(jobs, j -> "job " + j)
 *             .recvOrClosed(ctx.done(), closed -> "gave up")
 *             .run();
 * }
 * }</pre>
 *
 * Everything here is a thin name for the core: {@link Weft}, {@link Chan}, {@link Context},
 * {@link Time}, {@link Deferred}, {@link Scope} and the builders of this package. Actors,
 * servers and supervisors are used from Java as they are: {@code Actor.spawn},
 * {@code Server.start}, {@code Supervisor.builder(name)…start()}.
 */
public final class Go {
    private Go() {}

    /**
     * Starts a goroutine running {@code body} on the caller's scheduler (Go's {@code go}), under
     * the caller's current context. The body may throw checked exceptions (see {@link Body}).
     */
    public static Goroutine go(Body body) {
        return Weft.go(body);
    }

    /** Starts a goroutine named {@code name} running {@code body}. */
    public static Goroutine go(String name, Body body) {
        return Weft.go(name, body);
    }

    /**
     * A builder for a scheduler named {@code name} (workers, stealing, time slice, handler…):
     * {@code try (Scheduler s = Go.scheduler("io").workers(4).build()) { … }}.
     */
    public static Scheduler.Builder scheduler(String name) {
        return Scheduler.builder().name(name);
    }

    /** A description of a goroutine to start: see {@link GoroutineSpec}. */
    public static GoroutineSpec goroutine() {
        return GoroutineSpec.DEFAULT;
    }

    /**
     * A description of a goroutine to start, named {@code name}: {@code goroutine().name(name)}.
     *
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public static GoroutineSpec goroutine(String name) {
        return GoroutineSpec.DEFAULT.name(name);
    }

    /** Runs {@code body} in a new goroutine; its result to come (kotlinx's {@code async}). */
    public static <T> Deferred<T> async(Callable<? extends T> body) {
        return Deferred.async(body);
    }

    /**
     * A structured task group under the current context: see {@link Scope}.
     *
     * <pre>{@code
     * try (Scope scope = scope()) {
     *     for (String url : urls) scope.go(() -> pages.send(fetch(url)));
     *     scope.join();
     * }
     * }</pre>
     */
    public static Scope scope() {
        return Scope.open();
    }

    /** A rendezvous channel: Go's {@code make(chan T)}. */
    public static <T> Chan<T> chan() {
        return Chan.make();
    }

    /** A channel buffering {@code capacity} values: Go's {@code make(chan T, capacity)}. */
    public static <T> Chan<T> chan(int capacity) {
        return Chan.make(capacity);
    }

    /** Listens for TCP connections on {@code address} ({@code "host:port"}): {@link Net#listen}. */
    public static Listener listen(String address) throws IOException {
        return Net.listen(address);
    }

    /**
     * Listens on {@code address} of {@code network} ({@code "tcp"}, {@code "tcp4"}, {@code "tcp6"},
     * or {@code "unix"} and a path): {@link Net#listen(String, String)}.
     */
    public static Listener listen(String network, String address) throws IOException {
        return Net.listen(network, address);
    }

    /** Listens for UDP datagrams on {@code address} ({@code "host:port"}): {@link Net#listenPacket(String)}. */
    public static PacketConn listenPacket(String address) throws IOException {
        return Net.listenPacket(address);
    }

    /**
     * Listens for datagrams on {@code address} of {@code network} ({@code "udp"}, {@code "udp4"}
     * or {@code "udp6"}): {@link Net#listenPacket(String, String)}.
     */
    public static PacketConn listenPacket(String network, String address) throws IOException {
        return Net.listenPacket(network, address);
    }

    /** Connects to {@code address}, giving up after {@code timeout}: {@link Net#dial(Duration, String)}. */
    public static Conn dial(Duration timeout, String address) throws IOException {
        return Net.dial(timeout, address);
    }

    /** Connects to {@code address} of {@code network}, giving up after {@code timeout}: {@link Net#dial(Duration, String, String)}. */
    public static Conn dial(Duration timeout, String network, String address) throws IOException {
        return Net.dial(timeout, network, address);
    }

    /**
     * Go's zero {@code net.Dialer}, to set options on: {@link Dialer#DEFAULT}.
     *
     * <pre>{@code
     * Conn c = Go.dialer().withTimeout(Duration.ofSeconds(5)).withLocalAddr("10.0.0.2:0").dial("tcp", address);
     * }</pre>
     */
    public static Dialer dialer() {
        return Dialer.DEFAULT;
    }

    /** Go's zero {@code net.ListenConfig}, to set options on: {@link ListenConfig#DEFAULT}. */
    public static ListenConfig listenConfig() {
        return ListenConfig.DEFAULT;
    }

    /** A select evaluating to {@code R}: see {@link SelectBuilder}. */
    public static <R> SelectBuilder<R> select() {
        return SelectBuilder.select();
    }

    /** The caller's current context ({@link Context#current()}). */
    public static Context context() {
        return Context.current();
    }

    /** A cancellable child of the current context; close it to cancel (Go's {@code defer cancel()}). */
    public static CancelContext withCancel() {
        return Context.current().withCancel();
    }

    /** A child of the current context that ends after {@code timeout}. */
    public static CancelContext withTimeout(Duration timeout) {
        return Context.current().withTimeout(timeout);
    }

    /** A child of the current context that ends at {@code deadline}. */
    public static CancelContext withDeadline(Instant deadline) {
        return Context.current().withDeadline(deadline);
    }

    /** Pauses the caller for {@code d} (Go's {@code time.Sleep}); ends early with the current context. */
    public static void sleep(Duration d) {
        Time.sleep(d);
    }

    /** A channel that receives the time once, after {@code d} (Go's {@code time.After}). */
    public static RecvChan<Instant> after(Duration d) {
        return Time.after(d);
    }

    /**
     * Runs {@code body} in its own goroutine after {@code d}, unless the returned timer is
     * stopped first (Go's {@code time.AfterFunc}); the body may throw checked exceptions, which
     * go to the uncaught-exception handler.
     */
    public static Timer afterFunc(Duration d, Body body) {
        return Time.afterFunc(d, body);
    }

    /**
     * A goroutine running a body on every tick, every {@code period}: see {@link TickerSpec}.
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public static TickerSpec every(Duration period) {
        return TickerSpec.every(period);
    }
}
