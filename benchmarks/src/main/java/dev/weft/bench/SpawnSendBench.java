package dev.weft.bench;

import com.softwaremill.jox.Channel;
import dev.weft.chan.Chan;
import java.util.concurrent.ArrayBlockingQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * A spawner starts N tasks that each send one value to a channel of capacity 1024, drained by
 * one receiver: nanoseconds per task (spawn, run, send, receive).
 */
public class SpawnSendBench extends PeerBench {
    static final int TASKS = 10_000;
    static final int CAPACITY = 1024;

    @Param({"weft", "kotlinx-1thread", "kotlinx-default", "jox-vt", "jdk-abq-vt"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long spawnAndSend() throws Exception {
        long[] sum = new long[1];
        switch (impl) {
            case "weft" -> {
                Chan<Integer> ch = Chan.make(CAPACITY);
                Peers.all(weft, () -> {
                    for (int i = 0; i < TASKS; i++) {
                        Integer v = i;
                        weft.go(() -> ch.send(v));
                    }
                }, () -> {
                    for (int i = 0; i < TASKS; i++) {
                        sum[0] += ch.recv();
                    }
                });
            }
            case "kotlinx-1thread" -> sum[0] = Kotlinx.spawnSend(TASKS, CAPACITY, false);
            case "kotlinx-default" -> sum[0] = Kotlinx.spawnSend(TASKS, CAPACITY, true);
            case "jox-vt" -> {
                Channel<Integer> ch = Channel.newBufferedChannel(CAPACITY);
                Peers.all(null, () -> {
                    for (int i = 0; i < TASKS; i++) {
                        Integer v = i;
                        Thread.ofVirtual().start(() -> {
                            try {
                                ch.send(v);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                    }
                }, () -> {
                    for (int i = 0; i < TASKS; i++) {
                        sum[0] += ch.receive();
                    }
                });
            }
            case "jdk-abq-vt" -> {
                ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
                Peers.all(null, () -> {
                    for (int i = 0; i < TASKS; i++) {
                        Integer v = i;
                        Thread.ofVirtual().start(() -> {
                            try {
                                q.put(v);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                    }
                }, () -> {
                    for (int i = 0; i < TASKS; i++) {
                        sum[0] += q.take();
                    }
                });
            }
            default -> throw new IllegalArgumentException(impl);
        }
        return sum[0];
    }
}
