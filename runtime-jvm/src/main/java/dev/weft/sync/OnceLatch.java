package dev.weft.sync;

import dev.weft.internal.Blocking;
import dev.weft.internal.WeftBlocker;

/**
 * The state machine shared by {@link Once} and {@link OnceValue}: not started (0), running (1),
 * done (2). One caller wins the CAS from 0 to 1 and runs; the others acquire in shared mode,
 * which succeeds only at 2; the runner's release publishes what it wrote before (AQS state is
 * volatile) and wakes them all.
 */
final class OnceLatch extends QueuedSynchronizer implements WeftBlocker {
    private static final long serialVersionUID = 1L;

    boolean isDone() {
        return getState() == 2;
    }

    /** Whether the caller is the one to run. */
    boolean tryStart() {
        return getState() == 0 && compareAndSetState(0, 1);
    }

    void finish() {
        releaseShared(0);
    }

    /** Waits until the runner has finished, under Weft's rule for blocking operations. */
    void awaitDone() {
        Blocking.await(null, Blocking.FOREVER, ignored -> {
            acquireSharedInterruptibly(0);
            return null;
        }, "once", this);
    }

    @Override
    protected int tryAcquireShared(int ignored) {
        return getState() == 2 ? 1 : -1;
    }

    @Override
    protected boolean tryReleaseShared(int ignored) {
        setState(2);
        return true;
    }
}
