package dev.weft.bench;

import com.softwaremill.jox.Channel;
import dev.weft.chan.Chan;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/** Producers to one consumer over a channel of capacity 1024: nanoseconds per element. */
public class ChanThroughputBench extends PeerBench {
    static final int CAPACITY = 1024;
    static final int ELEMENTS = 100_000;

    @Param({"weft", "kotlinx-1thread", "kotlinx-default", "jox-vt", "jdk-abq-vt"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long oneToOne() throws Exception {
        return manyToOne(1);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long eightToOne() throws Exception {
        return manyToOne(8);
    }

    private long manyToOne(int producers) throws Exception {
        int per = ELEMENTS / producers;
        LongAdder sum = new LongAdder();
        Peers.Body[] bodies = new Peers.Body[producers + 1];
        switch (impl) {
            case "weft" -> {
                Chan<Integer> ch = Chan.make(CAPACITY);
                for (int p = 0; p < producers; p++) {
                    bodies[p] = () -> {
                        for (int i = 0; i < per; i++) {
                            ch.send(i);
                        }
                    };
                }
                bodies[producers] = () -> {
                    long s = 0;
                    for (int i = 0; i < per * producers; i++) {
                        s += ch.recv();
                    }
                    sum.add(s);
                };
            }
            case "kotlinx-1thread" -> {
                return Kotlinx.manyToOne(producers, per, CAPACITY, false);
            }
            case "kotlinx-default" -> {
                return Kotlinx.manyToOne(producers, per, CAPACITY, true);
            }
            case "jox-vt" -> {
                Channel<Integer> ch = Channel.newBufferedChannel(CAPACITY);
                for (int p = 0; p < producers; p++) {
                    bodies[p] = () -> {
                        for (int i = 0; i < per; i++) {
                            ch.send(i);
                        }
                    };
                }
                bodies[producers] = () -> {
                    long s = 0;
                    for (int i = 0; i < per * producers; i++) {
                        s += ch.receive();
                    }
                    sum.add(s);
                };
            }
            case "jdk-abq-vt" -> {
                ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
                for (int p = 0; p < producers; p++) {
                    bodies[p] = () -> {
                        for (int i = 0; i < per; i++) {
                            q.put(i);
                        }
                    };
                }
                bodies[producers] = () -> {
                    long s = 0;
                    for (int i = 0; i < per * producers; i++) {
                        s += q.take();
                    }
                    sum.add(s);
                };
            }
            default -> throw new IllegalArgumentException(impl);
        }
        Peers.all(weft, bodies);
        return sum.sum();
    }
}
