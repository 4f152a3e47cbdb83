package dev.weft;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The Lincheck budgets every Weft Lincheck test uses: enough scenarios to catch a race in a
 * few seconds per mode, small enough for every CI run.
 */
public final class Linchecks {
    private Linchecks() {}

    /** Model checking of {@code test}'s operations against {@code spec} (null: the test class run sequentially). */
    public static void modelCheck(Class<?> test, Class<?> spec) {
        ModelCheckingOptions o = new ModelCheckingOptions().iterations(20).invocationsPerIteration(200);
        if (spec != null) {
            o.sequentialSpecification(spec);
        }
        o.check(test);
    }

    /** Stress testing of {@code test}'s operations against {@code spec} (null: the test class). */
    public static void stress(Class<?> test, Class<?> spec) {
        StressOptions o = new StressOptions().iterations(20).invocationsPerIteration(1_000);
        if (spec != null) {
            o.sequentialSpecification(spec);
        }
        o.check(test);
    }
}
