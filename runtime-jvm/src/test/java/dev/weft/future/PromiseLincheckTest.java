package dev.weft.future;

import dev.weft.Linchecks;
import java.io.IOException;
import java.util.List;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck over a promise's settling and reading (resolve, reject, poll) and over {@code all}
 * of two promises: linearizable in model checking and stress modes — exactly one settle wins,
 * no reader sees an outcome other than the winner's, and {@code all} settles with both values
 * or the first failure. ({@code done()} closes a few instructions after the outcome is
 * published, so it is not part of the linearizable state.)
 */
public class PromiseLincheckTest {
    private final Promise<Integer> p = new Promise<>();
    private final Promise<Integer> q = new Promise<>();
    private final Deferred<List<Integer>> both = Deferred.all(List.of(p, q));

    @Operation
    public boolean resolve(int v) {
        return p.resolve(v % 3);
    }

    @Operation
    public boolean reject() {
        return p.reject(new IOException("rejected"));
    }

    @Operation
    public boolean resolveSecond(int v) {
        return q.resolve(v % 3);
    }

    /** The outcome, or "pending". */
    @Operation
    public String poll() {
        Outcome<Integer> o = p.poll();
        if (o == null) {
            return "pending";
        }
        return o instanceof Outcome.Success<Integer> s ? "value " + s.value() : "failed " + ((Outcome.Failure<Integer>) o).cause().getMessage();
    }

    @Operation
    public String all() {
        Outcome<List<Integer>> o = both.poll();
        return o == null ? "pending" : o.isSuccess() ? "both " + o.getOrThrow() : "failed";
    }

    /** The sequential behaviour: first settle wins; done() closes with it; all settles with both or the first failure. */
    public static final class Spec {
        private String first;
        private String second;

        public boolean resolve(int v) {
            if (first != null) {
                return false;
            }
            first = "value " + (v % 3);
            return true;
        }

        public boolean reject() {
            if (first != null) {
                return false;
            }
            first = "failed rejected";
            return true;
        }

        public boolean resolveSecond(int v) {
            if (second != null) {
                return false;
            }
            second = String.valueOf(v % 3);
            return true;
        }

        public String poll() {
            return first == null ? "pending" : first;
        }

        public String all() {
            if (first != null && first.startsWith("failed")) {
                return "failed";
            }
            if (first == null || second == null) {
                return "pending";
            }
            return "both [" + first.substring("value ".length()) + ", " + second + "]";
        }
    }

    @Test
    public void modelChecking() {
        Linchecks.modelCheck(PromiseLincheckTest.class, Spec.class);
    }

    @Test
    public void stress() {
        Linchecks.stress(PromiseLincheckTest.class, Spec.class);
    }
}
