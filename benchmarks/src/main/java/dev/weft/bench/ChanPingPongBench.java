package dev.weft.bench;

import com.softwaremill.jox.Channel;
import dev.weft.chan.Chan;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/** Unbuffered ping-pong: nanoseconds per round trip (a send and its reply). */
public class ChanPingPongBench extends PeerBench {
    static final int ROUNDS = 10_000;

    @Param({"weft", "kotlinx-1thread", "kotlinx-default", "jox-vt", "jdk-sq-vt", "jdk-ltq-vt"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long roundTrip() throws Exception {
        long[] sum = new long[1];
        switch (impl) {
            case "weft" -> {
                Chan<Integer> ping = Chan.make();
                Chan<Integer> pong = Chan.make();
                Peers.all(weft, () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        pong.send(ping.recv());
                    }
                }, () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        ping.send(i);
                        sum[0] += pong.recv();
                    }
                });
            }
            case "kotlinx-1thread" -> sum[0] = Kotlinx.pingPong(ROUNDS, false);
            case "kotlinx-default" -> sum[0] = Kotlinx.pingPong(ROUNDS, true);
            case "jox-vt" -> {
                Channel<Integer> ping = Channel.newRendezvousChannel();
                Channel<Integer> pong = Channel.newRendezvousChannel();
                Peers.all(null, () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        pong.send(ping.receive());
                    }
                }, () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        ping.send(i);
                        sum[0] += pong.receive();
                    }
                });
            }
            case "jdk-sq-vt" -> {
                SynchronousQueue<Integer> ping = new SynchronousQueue<>();
                SynchronousQueue<Integer> pong = new SynchronousQueue<>();
                Peers.all(null, () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        pong.put(ping.take());
                    }
                }, () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        ping.put(i);
                        sum[0] += pong.take();
                    }
                });
            }
            case "jdk-ltq-vt" -> {
                LinkedTransferQueue<Integer> ping = new LinkedTransferQueue<>();
                LinkedTransferQueue<Integer> pong = new LinkedTransferQueue<>();
                Peers.all(null, () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        pong.transfer(ping.take());
                    }
                }, () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        ping.transfer(i);
                        sum[0] += pong.take();
                    }
                });
            }
            default -> throw new IllegalArgumentException(impl);
        }
        return sum[0];
    }
}
