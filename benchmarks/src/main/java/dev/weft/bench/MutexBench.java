package dev.weft.bench;

import dev.weft.sync.Mutex;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * Lock/unlock around a counter: uncontended (one task) and contended (8 tasks), nanoseconds per
 * lock/unlock pair. Weft's Mutex in goroutines; {@code ReentrantLock} in virtual threads;
 * kotlinx.coroutines' {@code Mutex} in coroutines.
 */
public class MutexBench extends PeerBench {
    static final int OPS = 100_000;

    @Param({"weft", "reentrantlock-vt", "kotlinx-1thread", "kotlinx-default"})
    public String impl;

    private long counter;

    @Override
    protected String impl() {
        return impl;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long uncontended() throws Exception {
        return run(1);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long contended() throws Exception {
        return run(8);
    }

    private long run(int tasks) throws Exception {
        int per = OPS / tasks;
        Peers.Body[] bodies = new Peers.Body[tasks];
        switch (impl) {
            case "weft" -> {
                Mutex mu = new Mutex();
                for (int t = 0; t < tasks; t++) {
                    bodies[t] = () -> {
                        for (int i = 0; i < per; i++) {
                            mu.lock();
                            counter++;
                            mu.unlock();
                        }
                    };
                }
            }
            case "reentrantlock-vt" -> {
                ReentrantLock lock = new ReentrantLock();
                for (int t = 0; t < tasks; t++) {
                    bodies[t] = () -> {
                        for (int i = 0; i < per; i++) {
                            lock.lock();
                            counter++;
                            lock.unlock();
                        }
                    };
                }
            }
            case "kotlinx-1thread" -> {
                return Kotlinx.mutexContended(tasks, per, false);
            }
            case "kotlinx-default" -> {
                return Kotlinx.mutexContended(tasks, per, true);
            }
            default -> throw new IllegalArgumentException(impl);
        }
        Peers.all(impl.equals("weft") ? weft : null, bodies);
        return counter;
    }
}
