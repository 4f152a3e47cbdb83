package dev.weft.chan;

import dev.weft.Linchecks;
import java.time.Duration;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: a non-blocking select over two buffered channels, racing plain operations and
 * close, is linearizable: exactly one case completes, or none. The select polls its cases in
 * index order here, since a sequential specification cannot be random.
 */
public class SelectLincheckTest {
    private final Chan<Integer> a = Chan.make(1);
    private final Chan<Integer> b = Chan.make(1);

    @Operation
    public String selectRecv() {
        SelectCase<Integer> ra = SelectCase.recv(a);
        SelectCase<Integer> rb = SelectCase.recv(b);
        return switch (Select.selectBiased(Duration.ZERO, ra, rb)) {
            case 0 -> "a:" + ra.received();
            case 1 -> "b:" + rb.received();
            default -> "none";
        };
    }

    @Operation
    public String selectSend(int v) {
        try {
            return switch (Select.selectBiased(Duration.ZERO, SelectCase.send(a, v), SelectCase.send(b, v))) {
                case 0 -> "a";
                case 1 -> "b";
                default -> "none";
            };
        } catch (ChanClosedException e) {
            return "closed";
        }
    }

    @Operation
    public boolean sendA(int v) {
        try {
            return a.trySend(v);
        } catch (ChanClosedException e) {
            return false;
        }
    }

    @Operation
    public String recvB() {
        return b.tryRecv().toString();
    }

    @Operation
    public boolean closeA() {
        try {
            a.close();
            return true;
        } catch (IllegalStateException e) {
            return false;
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
