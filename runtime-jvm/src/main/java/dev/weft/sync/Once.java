package dev.weft.sync;

import java.util.Objects;

/**
 * Go's {@code sync.Once}: runs an action exactly once, however many goroutines ask; those that
 * arrive while it runs wait for it to finish.
 *
 * <pre>{@code
 * private final Once init = new Once();
 * void use() { init.run(this::loadConfig); ... }
 * }</pre>
 *
 * If the action throws, the exception reaches the caller that ran it, and the Once is done all
 * the same: later calls return at once without running anything (as in Go, where a panicking
 * {@code f} counts as having returned). {@link OnceValue} computes and keeps a value.
 */
public final class Once {
    private final OnceLatch latch = new OnceLatch();

    /**
     * Runs {@code action} if no call has run it yet; otherwise waits until that run has
     * finished and returns without running anything.
     */
    public void run(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (latch.isDone()) {
            return;
        }
        if (latch.tryStart()) {
            try {
                action.run();
            } finally {
                latch.finish();
            }
        } else {
            latch.awaitDone();
        }
    }

    /** Whether the action has run (returned or thrown). */
    public boolean isDone() {
        return latch.isDone();
    }
}
