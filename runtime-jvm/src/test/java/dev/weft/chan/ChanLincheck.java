package dev.weft.chan;

import dev.weft.Linchecks;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: the non-blocking channel operations (try-send, try-receive, close, cancel, len,
 * closed-for-receive) are
 * linearizable with respect to a bounded closable FIFO ({@link Spec}), for every capacity, in
 * model checking and stress modes. Blocking operations cannot be expressed as Lincheck operations on
 * plain threads (a lone blocked send would be reported as a hang); the stress tests cover them.
 */
public abstract class ChanLincheck {
    final Chan<Integer> ch;
    private final Class<? extends Spec> spec;

    protected ChanLincheck(Chan<Integer> ch, Class<? extends Spec> spec) {
        this.ch = ch;
        this.spec = spec;
    }

    @Operation
    public boolean trySend(int v) {
        try {
            return ch.trySend(v);
        } catch (ChanClosedException e) {
            return false;
        }
    }

    @Operation
    public String tryRecv() {
        return ch.tryRecv().toString();
    }

    @Operation
    public String close() {
        try {
            ch.close();
            return "closed";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Operation
    public int len() {
        return ch.len();
    }

    @Operation
    public String cancel() {
        ch.cancel();
        return "cancelled";
    }

    @Operation
    public boolean isClosedForReceive() {
        return ch.isClosedForReceive();
    }

    @Test
    public void modelChecking() {
        Linchecks.modelCheck(getClass(), spec);
    }

    @Test
    public void stress() {
        Linchecks.stress(getClass(), spec);
    }

    /**
     * The sequential specification: a bounded FIFO that can be closed. Without blocking
     * counterparts a rendezvous channel is a FIFO of capacity 0.
     */
    public abstract static class Spec {
        private final ArrayDeque<Integer> q = new ArrayDeque<>();
        private final int capacity;
        private boolean closed;

        protected Spec(int capacity) {
            this.capacity = capacity;
        }

        public boolean trySend(int v) {
            if (closed || q.size() >= capacity) {
                return false;
            }
            q.add(v);
            return true;
        }

        public String tryRecv() {
            if (!q.isEmpty()) {
                return "Received[" + q.poll() + "]";
            }
            return closed ? "Received[closed]" : "Received[not ready]";
        }

        public String close() {
            if (closed) {
                return "close of closed channel";
            }
            closed = true;
            return "closed";
        }

        public int len() {
            return q.size();
        }

        public String cancel() {
            closed = true;
            q.clear();
            return "cancelled";
        }

        public boolean isClosedForReceive() {
            return closed && q.isEmpty();
        }

        /** For specifications of channels that drop instead of blocking. */
        protected ArrayDeque<Integer> queue() {
            return q;
        }

        protected boolean isClosed() {
            return closed;
        }
    }
}
