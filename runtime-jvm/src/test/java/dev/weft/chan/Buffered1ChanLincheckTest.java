package dev.weft.chan;

/** {@link ChanLincheck} over Chan.make(1). */
public class Buffered1ChanLincheckTest extends ChanLincheck {
    public Buffered1ChanLincheckTest() {
        super(Chan.make(1), Model.class);
    }

    /** The specification: a closable FIFO of capacity 1. */
    public static class Model extends Spec {
        public Model() {
            super(1);
        }
    }
}
