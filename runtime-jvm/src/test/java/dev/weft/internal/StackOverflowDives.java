package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ForkedJvm;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * For tests: runs an operation so that a {@link StackOverflowError} strikes at every point
 * inside it in turn, and checks after each that it left no lock held.
 */
public final class StackOverflowDives {
    /** How many of the deepest frames of each dive run the operation on the way back up. */
    private static final int FRAMES = 400;
    /** The system property that sets how many dives each call makes (default 60). */
    public static final String DIVES_PROPERTY = "weft.test.dives";
    private static final int DIVES = Integer.getInteger(DIVES_PROPERTY, 60);
    private static final String PASSED = "every dive passed";

    private StackOverflowDives() {}

    /** What a dive saw. */
    static final class Dive {
        int ran;
        int overflowed;
        boolean leaked;
        int framesLeft = FRAMES;
    }

    /**
     * Recurses until the stack overflows; then each of the {@value #FRAMES} deepest frames, on
     * the way back up, runs {@code op} once, so that it overflows at every point of its code
     * in turn; after each, {@code locked} must be false. Once it is true (a lock was left held)
     * the dive stops running {@code op}, which would now spin on that lock for ever.
     */
    private static void dive(Runnable prepare, Runnable op, BooleanSupplier locked, Dive d) {
        try {
            dive(prepare, op, locked, d);
        } catch (StackOverflowError deepest) {
            // the bottom: from here up, every frame tries the operation
        }
        if (d.leaked || d.framesLeft <= 0) {
            return;
        }
        d.framesLeft--;
        try {
            prepare.run();
        } catch (StackOverflowError e) {
            return;                          // too deep even for that: the next frame up tries
        }
        try {
            padded(d.framesLeft % 7, op);    // shifts where op starts by less than a dive frame
            d.ran++;
        } catch (StackOverflowError e) {
            d.overflowed++;
        }
        try {
            d.leaked = locked.getAsBoolean();
        } catch (StackOverflowError e) {
            // looked too deep: the next frame up looks again
        }
    }

    /** Runs {@code op} below {@code frames} small frames. */
    private static void padded(int frames, Runnable op) {
        if (frames == 0) {
            op.run();
        } else {
            padded(frames - 1, op);
        }
    }

    /** Dives {@link #DIVES_PROPERTY} times on fresh small-stacked threads; fails if a lock was left held. */
    public static void diveRepeatedly(String what, Runnable op, BooleanSupplier locked) throws Exception {
        diveRepeatedly(what, () -> { }, op, locked);
    }

    /**
     * As {@link #diveRepeatedly(String, Runnable, BooleanSupplier)}, with {@code prepare} run
     * before each run of {@code op}, in the dive's own frame: higher on the stack than any
     * point inside {@code op}, so that it overflows only where {@code op} could not begin.
     */
    public static void diveRepeatedly(String what, Runnable prepare, Runnable op, BooleanSupplier locked)
            throws Exception {
        prepare.run();
        op.run();                            // classes initialized here, not at the bottom of a dive
        int overflowed = 0;
        int ran = 0;
        for (int i = 0; i < DIVES; i++) {
            Dive d = new Dive();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(null, () -> dive(prepare, op, locked, d), "dive", 256 * 1024);
            t.setUncaughtExceptionHandler((th, e) -> thrown.set(e));
            t.start();
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(t.isAlive(), what + ": the dive hung (a lock held by its own thread)");
            if (thrown.get() != null) {
                throw new AssertionError(what + ": the dive threw what is not a stack overflow (dive " + i + ")", thrown.get());
            }
            assertFalse(d.leaked, what + ": a StackOverflowError inside left the lock held (dive " + i + ")");
            overflowed += d.overflowed;
            ran += d.ran;
        }
        assertFalse(locked.getAsBoolean(), what + ": the lock is free");
        assertTrue(overflowed > 0 && ran > 0,
                what + ": the operation both overflowed inside (" + overflowed + ") and completed (" + ran + ")");
    }


    /**
     * Runs the dive tests {@code tests} (methods of {@code testClass}, by name) again in a JVM
     * of their own that only interprets, twelve dives each; fails unless all pass there. Cold
     * code is interpreted, where every call needs stack of its own (the JIT inlines most of
     * them away), so an overflow strikes between steps that compiled code does at once; and
     * nothing ran before, so the dives are where each class is first initialized.
     */
    public static void passInAJvmThatOnlyInterprets(Class<?> testClass, String... tests) throws Exception {
        passInAJvmOfTheirOwn(List.of("-Xint", "-D" + DIVES_PROPERTY + "=12"), testClass, tests);
    }

    /**
     * Runs the dive tests {@code tests} (methods of {@code testClass}, by name) in a JVM of
     * their own, started with {@code jvmArgs}; fails unless all pass there. For dives that
     * need the JIT's state to be theirs alone: what the compiled code inlines decides where
     * inside an operation an overflow can strike.
     */
    public static void passInAJvmOfTheirOwn(List<String> jvmArgs, Class<?> testClass, String... tests)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(testClass.getName()));
        args.addAll(List.of(tests));
        String output = ForkedJvm.run(OwnJvm.class, Duration.ofSeconds(240), jvmArgs, args.toArray(String[]::new));
        assertTrue(output.contains(PASSED), output);
    }

    /** Run by {@link #passInAJvmOfTheirOwn}: the test class, then its tests to run. */
    public static final class OwnJvm {
        public static void main(String[] args) throws Throwable {
            Class<?> testClass = Class.forName(args[0]);
            Constructor<?> make = testClass.getDeclaredConstructor();
            make.setAccessible(true);
            Object test = make.newInstance();
            for (String name : Arrays.copyOfRange(args, 1, args.length)) {
                Method m = testClass.getDeclaredMethod(name);
                m.setAccessible(true);
                try {
                    m.invoke(test);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            System.out.println(PASSED);
        }
    }
}
