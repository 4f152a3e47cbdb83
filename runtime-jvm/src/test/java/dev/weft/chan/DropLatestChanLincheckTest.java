package dev.weft.chan;

/** {@link ChanLincheck} over a channel of capacity 2 that drops the value being sent when full. */
public class DropLatestChanLincheckTest extends ChanLincheck {
    public DropLatestChanLincheckTest() {
        super(Chan.<Integer>builder().capacity(2).overflow(BufferOverflow.DROP_LATEST).build(), Model.class);
    }

    /** The specification: a closable FIFO of two whose send, when full, succeeds and drops the value. */
    public static class Model extends Spec {
        public Model() {
            super(2);
        }

        @Override
        public boolean trySend(int v) {
            if (isClosed()) {
                return false;
            }
            if (queue().size() < 2) {
                queue().add(v);
            }
            return true;
        }
    }
}
