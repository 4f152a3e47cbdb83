package dev.weft.chan;

/** {@link ChanLincheck} over Chan.conflated(): a send never fails for want of room. */
public class ConflatedChanLincheckTest extends ChanLincheck {
    public ConflatedChanLincheckTest() {
        super(Chan.conflated(), Model.class);
    }

    /** The specification: a closable buffer of one whose send replaces what it holds. */
    public static class Model extends Spec {
        public Model() {
            super(1);
        }

        @Override
        public boolean trySend(int v) {
            if (isClosed()) {
                return false;
            }
            queue().clear();
            queue().add(v);
            return true;
        }
    }
}
