package dev.weft.internal;

/**
 * Initializes classes of the JDK, by name, on the caller's thread, ahead of the waits that would
 * otherwise initialize them at any depth of a stack (where an overflow in a static initializer
 * leaves the class unusable for the rest of the JVM). Public only so that Weft's packages can
 * share it; not part of Weft's API.
 */
public final class JdkClasses {
    private JdkClasses() {}

    /** Initializes each class named that this JDK has; a name it lacks, or a class it cannot initialize, is passed over. */
    public static void initialize(String... names) {
        for (String name : names) {
            try {
                Class.forName(name, true, null);
            } catch (ClassNotFoundException | LinkageError e) {
                // another JDK: not a class of its own, or made elsewhere
            }
        }
    }
}
