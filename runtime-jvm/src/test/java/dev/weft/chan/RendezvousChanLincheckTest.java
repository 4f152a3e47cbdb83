package dev.weft.chan;

/**
 * {@link ChanLincheck} over Chan.make(). With capacity 0 and only try-operations, a send never
 * finds a receiver waiting, so {@code trySend} always fails: what this checks is that close,
 * len and the try-operations of a rendezvous channel are linearizable with a capacity-0
 * closable FIFO (a try never transfers, never blocks, and a closed channel says so), not the
 * rendezvous itself. Blocked senders and receivers meeting, under close and interrupts, are
 * checked by {@link ChanStressTest} (checksums over every channel kind) and {@link
 * GoProgramsTest}; the blocking select by {@link SelectLincheckTest}.
 */
public class RendezvousChanLincheckTest extends ChanLincheck {
    public RendezvousChanLincheckTest() {
        super(Chan.make(), Model.class);
    }

    /** The specification: a closable FIFO of capacity 0. */
    public static class Model extends Spec {
        public Model() {
            super(0);
        }
    }
}
