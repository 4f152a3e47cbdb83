package dev.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * A coroutine in an unbuffered ping-pong, nanoseconds per round trip: {@code weft} with a
 * goroutine over Weft channels, through the suspending forms of {@code weft-coroutines}, the
 * coroutine on {@code Dispatchers.Default}; {@code weft-dispatcher} the same with the coroutine on
 * Weft's dispatcher; {@code kotlinx} with another coroutine over kotlinx channels on
 * {@code Dispatchers.Default}.
 */
public class SuspendingPingPongBench extends PeerBench {
    static final int ROUNDS = 10_000;

    @Param({"weft", "weft-dispatcher", "kotlinx"})
    public String impl;

    @Override
    protected String impl() {
        return impl.startsWith("weft") ? "weft" : impl;
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long roundTrip() {
        return impl.equals("kotlinx") ? Kotlinx.pingPong(ROUNDS, true)
                : Suspending.withGoroutine(ROUNDS, weft, impl.equals("weft-dispatcher"));
    }
}
