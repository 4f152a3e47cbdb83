package dev.weft.lockfree;

/** The bounded structures' capacity rule. */
final class Capacity {
    private Capacity() {}

    /**
     * {@code capacity} if it is a power of two of at least {@code least}; else an
     * {@link IllegalArgumentException} naming it.
     */
    static int check(int capacity, int least) {
        if (capacity < least || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException(least == 1
                    ? "capacity must be a positive power of two: " + capacity
                    : "capacity must be a power of two of at least " + least + ": " + capacity);
        }
        return capacity;
    }
}
