package dev.weft.lockfree;

import dev.weft.Linchecks;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck, in model checking and stress modes: each structure's operations are linearizable
 * with respect to a sequential {@link ArrayDeque}. Owner-only operations are confined as the
 * contracts require: the single-producer single-consumer queue's offers never run in parallel
 * with offers, its polls and peeks never with polls and peeks; the work-stealing deque's pushes
 * and pops never with each other.
 */
class LockFreeLincheckTest {
    /** MpmcQueue of capacity 2, so that "full" is reached often. */
    public static class Mpmc {
        private final MpmcQueue<Integer> q = new MpmcQueue<>(2);

        @Operation
        public boolean offer(int v) {
            return q.offer(v);
        }

        @Operation
        public Integer poll() {
            return q.poll();
        }

        @Operation
        public Integer peek() {
            return q.peek();
        }
    }

    /** SpscQueue of capacity 2; one producer, one consumer. */
    public static class Spsc {
        private final SpscQueue<Integer> q = new SpscQueue<>(2);

        @Operation(nonParallelGroup = "producer")
        public boolean offer(int v) {
            return q.offer(v);
        }

        @Operation(nonParallelGroup = "consumer")
        public Integer poll() {
            return q.poll();
        }

        @Operation(nonParallelGroup = "consumer")
        public Integer peek() {
            return q.peek();
        }
    }

    /** The specification of both queues: a FIFO of capacity 2. */
    public static class BoundedFifo {
        private final ArrayDeque<Integer> q = new ArrayDeque<>();

        public boolean offer(int v) {
            if (q.size() == 2) {
                return false;
            }
            q.add(v);
            return true;
        }

        public Integer poll() {
            return q.poll();
        }

        public Integer peek() {
            return q.peek();
        }
    }

    public static class Stack {
        private final TreiberStack<Integer> s = new TreiberStack<>();

        @Operation
        public void push(int v) {
            s.push(v);
        }

        @Operation
        public Integer pop() {
            return s.pop();
        }

        @Operation
        public Integer peek() {
            return s.peek();
        }

        @Operation
        public boolean isEmpty() {
            return s.isEmpty();
        }
    }

    /** The specification of the stack. */
    public static class Lifo {
        private final ArrayDeque<Integer> s = new ArrayDeque<>();

        public void push(int v) {
            s.push(v);
        }

        public Integer pop() {
            return s.poll();
        }

        public Integer peek() {
            return s.peek();
        }

        public boolean isEmpty() {
            return s.isEmpty();
        }
    }

    /** WorkStealingDeque of capacity 2: the owner pushes and pops, any thread steals. */
    public static class Deque {
        private final WorkStealingDeque<Integer> d = new WorkStealingDeque<>(2);

        @Operation(nonParallelGroup = "owner")
        public boolean push(int v) {
            return d.push(v);
        }

        @Operation(nonParallelGroup = "owner")
        public Integer pop() {
            return d.pop();
        }

        @Operation
        public Integer steal() {
            return d.steal();
        }
    }

    /** The specification of the deque: capacity 2, pushed and popped at the end, stolen from the front. */
    public static class BoundedDeque {
        private final ArrayDeque<Integer> d = new ArrayDeque<>();

        public boolean push(int v) {
            if (d.size() == 2) {
                return false;
            }
            d.addLast(v);
            return true;
        }

        public Integer pop() {
            return d.pollLast();
        }

        public Integer steal() {
            return d.pollFirst();
        }
    }

    @Test
    void dequeModelChecking() {
        Linchecks.modelCheck(Deque.class, BoundedDeque.class);
    }

    @Test
    void dequeStress() {
        Linchecks.stress(Deque.class, BoundedDeque.class);
    }

    @Test
    void mpmcModelChecking() {
        Linchecks.modelCheck(Mpmc.class, BoundedFifo.class);
    }

    @Test
    void mpmcStress() {
        Linchecks.stress(Mpmc.class, BoundedFifo.class);
    }

    @Test
    void spscModelChecking() {
        Linchecks.modelCheck(Spsc.class, BoundedFifo.class);
    }

    @Test
    void spscStress() {
        Linchecks.stress(Spsc.class, BoundedFifo.class);
    }

    @Test
    void treiberModelChecking() {
        Linchecks.modelCheck(Stack.class, Lifo.class);
    }

    @Test
    void treiberStress() {
        Linchecks.stress(Stack.class, Lifo.class);
    }
}
