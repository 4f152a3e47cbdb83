package dev.weft.chan;

/** {@link ChanLincheck} over Chan.make(). */
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
