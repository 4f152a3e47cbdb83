package dev.weft.chan;

/** {@link ChanLincheck} over Chan.make(2). */
public class Buffered2ChanLincheckTest extends ChanLincheck {
    public Buffered2ChanLincheckTest() {
        super(Chan.make(2), Model.class);
    }

    /** The specification: a closable FIFO of capacity 2. */
    public static class Model extends Spec {
        public Model() {
            super(2);
        }
    }
}
