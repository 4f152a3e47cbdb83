package dev.weft.chan;

/** {@link ChanLincheck} over Chan.unbounded(). */
public class UnboundedChanLincheckTest extends ChanLincheck {
    public UnboundedChanLincheckTest() {
        super(Chan.unbounded(), Model.class);
    }

    /** The specification: a closable FIFO of capacity 2^31-1. */
    public static class Model extends Spec {
        public Model() {
            super(Integer.MAX_VALUE);
        }
    }
}
