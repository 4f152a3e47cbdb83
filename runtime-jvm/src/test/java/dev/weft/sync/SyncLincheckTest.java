package dev.weft.sync;

import dev.weft.Linchecks;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck over the non-blocking operations of Mutex, RWMutex, Semaphore and WaitGroup
 * (try-lock, unlock, try-read-lock, read-unlock, try-acquire, release, add, a zero-timeout wait): linearizable in model checking and
 * stress modes. Misuse (unlocking an unlocked mutex, over-releasing, a negative counter) is an
 * operation result too, so the checks cover the error paths.
 */
public class SyncLincheckTest {
    private final Mutex mutex = new Mutex();
    private final Semaphore semaphore = new Semaphore(2);
    private final WaitGroup wg = new WaitGroup();
    private final RWMutex rw = new RWMutex();

    @Operation
    public boolean tryLock() {
        return mutex.tryLock();
    }

    @Operation
    public String unlock() {
        try {
            mutex.unlock();
            return "unlocked";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Operation
    public boolean tryAcquire(int n) {
        return semaphore.tryAcquire(1 + Math.floorMod(n, 2));
    }

    @Operation
    public String release() {
        try {
            semaphore.release(1);
            return "released";
        } catch (IllegalStateException e) {
            return "over-release";
        }
    }

    @Operation
    public String add(int delta) {
        try {
            wg.add(Math.floorMod(delta, 3) - 1);
            return "ok";
        } catch (IllegalStateException e) {
            return "negative";
        }
    }

    @Operation
    public boolean waitNow() throws InterruptedException {
        return wg.await(java.time.Duration.ZERO);
    }

    @Operation
    public boolean rwTryLock() {
        return rw.tryLock();
    }

    @Operation
    public boolean rwTryRLock() {
        return rw.tryRLock();
    }

    @Operation
    public String rwUnlock() {
        try {
            rw.unlock();
            return "unlocked";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Operation
    public String rwRUnlock() {
        try {
            rw.runlock();
            return "runlocked";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Test
    public void modelChecking() {
        Linchecks.modelCheck(getClass(), null);
    }

    @Test
    public void stress() {
        Linchecks.stress(getClass(), null);
    }
}
