package dev.weft.bench;

import dev.weft.actor.Actor;
import dev.weft.chan.Chan;
import dev.weft.future.Promise;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * An actor's ask round trip (a message carrying a promise, the actor settles it) against the
 * bare channel ping-pong it is built from, both between two goroutines on Weft's scheduler;
 * nanoseconds per round trip. The difference is what the actor layer costs.
 */
public class ActorBench extends PeerBench {
    static final int ROUNDS = 10_000;

    record Get(Promise<Long> reply) {}

    @Param({"weft"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long actorAsk() throws Exception {
        long[] sum = {0};
        Peers.all(weft, () -> {
            Actor<Get> actor = Actor.spawn("echo", 0L, (Long n, Get g) -> {
                g.reply().resolve(n);
                return n + 1;
            });
            for (int i = 0; i < ROUNDS; i++) {
                sum[0] += actor.ask(Get::new, Duration.ofSeconds(10));
            }
            actor.stop(Duration.ofSeconds(10));
        });
        return sum[0];
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long channelPingPong() throws Exception {
        long[] sum = {0};
        Chan<Long> ping = Chan.make();
        Chan<Long> pong = Chan.make();
        Peers.all(weft, () -> {
            for (int i = 0; i < ROUNDS; i++) {
                pong.send(ping.recv());
            }
        }, () -> {
            for (long i = 0; i < ROUNDS; i++) {
                ping.send(i);
                sum[0] += pong.recv();
            }
        });
        return sum[0];
    }
}
