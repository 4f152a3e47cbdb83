package dev.weft.bench;

import java.util.Arrays;

/** The median the benchmark reports use: of an even count, the mean of the middle two. */
public final class Median {
    private Median() {}

    /** The median of {@code values} (left as they are). */
    public static double of(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
