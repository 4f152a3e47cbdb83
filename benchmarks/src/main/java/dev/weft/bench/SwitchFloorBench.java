package dev.weft.bench;

import dev.weft.sched.Goroutine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a ping-pong round trip costs at the least, whatever the channel: the same two parties
 * handing a turn back and forth through a volatile field, with nothing else on the path.
 * <ul>
 *   <li>{@code vt-one-carrier}: two JDK virtual threads on an executor of one carrier thread
 *       that does nothing but run what it is given, each parking until its turn and unparking
 *       the other. Two virtual-thread switches per round trip: the floor of any design where a
 *       goroutine is a virtual thread and the pair shares a core.</li>
 *   <li>{@code weft-park}: the same handoff by two Weft goroutines: the first plus Weft's
 *       scheduler (its {@code runnext} and run loop), without a channel.</li>
 *   <li>{@code threads-two-cores}: two platform threads spinning on the field, no parking at
 *       all: the floor of any design that puts the pair on two cores, i.e. what the turn's cache
 *       line costs to cross between them twice.</li>
 * </ul>
 * Beside {@link ChanPingPongBench} and Go's ping-pong in one {@link SideBySide} run, these say
 * how much of a channel round trip is the switching mechanism and how much the channel.
 */
public class SwitchFloorBench extends PeerBench {
    static final int ROUNDS = 10_000;

    @Param({"vt-one-carrier", "weft-park", "threads-two-cores"})
    public String impl;

    private OneCarrier carrier;

    @Override
    protected String impl() {
        return impl.equals("weft-park") ? "weft" : impl;
    }

    @Setup(Level.Trial)
    public void startCarrier() {
        if (impl.equals("vt-one-carrier")) {
            carrier = new OneCarrier();
        }
    }

    @TearDown(Level.Trial)
    public void stopCarrier() {
        if (carrier != null) {
            carrier.thread.interrupt();
        }
    }

    /** Whose turn it is: 0 or 1. */
    private volatile int turn;

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int roundTrip() throws Exception {
        turn = 0;
        switch (impl) {
            case "vt-one-carrier" -> {
                Thread.Builder builder = carrier.builder();
                Thread[] pair = new Thread[2];
                pair[0] = builder.unstarted(() -> parkingSide(0, pair));
                pair[1] = builder.unstarted(() -> parkingSide(1, pair));
                pair[0].start();
                pair[1].start();
                pair[0].join();
                pair[1].join();
            }
            case "weft-park" -> {
                // The first spawns the second, so both start on one worker as a channel's pair
                // would. Until the second has run, the first's unpark of it is of null: a no-op,
                // and the second finds its turn without parking.
                Thread[] pair = new Thread[2];
                Goroutine[] second = new Goroutine[1];
                Goroutine first = weft.go(() -> {
                    pair[0] = Thread.currentThread();
                    second[0] = weft.go(() -> {
                        pair[1] = Thread.currentThread();
                        parkingSide(1, pair);
                    });
                    parkingSide(0, pair);
                });
                first.join();
                second[0].join();
            }
            case "threads-two-cores" -> {
                Thread other = new Thread(() -> spinningSide(1));
                other.start();
                spinningSide(0);
                other.join();
            }
            default -> throw new IllegalArgumentException(impl);
        }
        return turn;
    }

    private void parkingSide(int me, Thread[] pair) {
        for (int i = 0; i < ROUNDS; i++) {
            while (turn != me) {
                LockSupport.park();
            }
            turn = 1 - me;
            LockSupport.unpark(pair[1 - me]);
        }
    }

    private void spinningSide(int me) {
        for (int i = 0; i < ROUNDS; i++) {
            while (turn != me) {
                Thread.onSpinWait();
            }
            turn = 1 - me;
        }
    }

    /**
     * An executor of one carrier thread: a task made runnable on the carrier (one virtual thread
     * unparking the other) goes to a plain deque; one from elsewhere (a start) to a concurrent
     * queue, with a wake-up.
     */
    private static final class OneCarrier implements Executor {
        private static final Constructor<?> BUILDER;
        private static final VarHandle CARRIER;

        static {
            try {
                Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
                BUILDER = builder.getDeclaredConstructor(Executor.class);
                BUILDER.setAccessible(true);
                Class<?> vt = Class.forName("java.lang.VirtualThread");
                CARRIER = MethodHandles.privateLookupIn(vt, MethodHandles.lookup())
                        .findVarHandle(vt, "carrierThread", Thread.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Thread thread;
        private final ArrayDeque<Runnable> local = new ArrayDeque<>();
        private final ConcurrentLinkedQueue<Runnable> outside = new ConcurrentLinkedQueue<>();

        OneCarrier() {
            thread = new Thread(this::loop, "one-carrier");
            thread.setDaemon(true);
            thread.start();
        }

        Thread.Builder builder() {
            try {
                return (Thread.Builder) BUILDER.newInstance(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void execute(Runnable task) {
            Thread t = Thread.currentThread();
            if (t.isVirtual()) {
                t = (Thread) CARRIER.get(t);
            }
            if (t == thread) {
                local.addLast(task);
            } else {
                outside.add(task);
                LockSupport.unpark(thread);
            }
        }

        private void loop() {
            while (!Thread.currentThread().isInterrupted()) {
                Runnable task = local.pollFirst();
                if (task == null) {
                    task = outside.poll();
                }
                if (task == null) {
                    LockSupport.park(this);
                } else {
                    task.run();
                }
            }
        }
    }
}
