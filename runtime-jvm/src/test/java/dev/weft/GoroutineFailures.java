package dev.weft;

import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a goroutine's failure fail the test that started it. A scheduler's uncaught-exception
 * handler only logs by default, so an assertion that fails inside a goroutine would leave the
 * test green. Give the test's schedulers this handler, and register it as an extension; after
 * each test (and after its {@code @AfterEach} methods, which close the schedulers) it fails the
 * test with every failure recorded, each naming its goroutine.
 *
 * <pre>{@code
 * @RegisterExtension
 * final GoroutineFailures failures = new GoroutineFailures();
 *
 * Scheduler s = Scheduler.builder().uncaughtExceptionHandler(failures).build();
 * }</pre>
 *
 * {@link #alsoOnTheDefaultScheduler()} makes it the default handler too while each test runs
 * ({@link Scheduler#setDefaultUncaughtExceptionHandler}), for tests whose goroutines run on the
 * default scheduler.
 */
public final class GoroutineFailures implements BiConsumer<Goroutine, Throwable>, BeforeEachCallback,
        AfterEachCallback {
    /** How long after a test its goroutines on the default scheduler may take to end. */
    private static final Duration QUIESCENCE = Duration.ofSeconds(2);

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final boolean onTheDefaultScheduler;

    /** A handler to give the test's schedulers. */
    public GoroutineFailures() {
        this(false);
    }

    private GoroutineFailures(boolean onTheDefaultScheduler) {
        this.onTheDefaultScheduler = onTheDefaultScheduler;
    }

    /** One that is also the default handler while each test runs. */
    public static GoroutineFailures alsoOnTheDefaultScheduler() {
        return new GoroutineFailures(true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (onTheDefaultScheduler) {
            Scheduler.setDefaultUncaughtExceptionHandler(this);
        }
    }

    @Override
    public void accept(Goroutine g, Throwable t) {
        failures.add(new AssertionError("goroutine " + g.id() + " \"" + g.name() + "\" failed: " + t, t));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (onTheDefaultScheduler) {
            try {
                // The test's goroutines on the default scheduler may still be failing: give them
                // a moment to end (the default scheduler cannot be closed to wait for them).
                Scheduler.defaultScheduler().awaitQuiescence(QUIESCENCE);
            } finally {
                Scheduler.setDefaultUncaughtExceptionHandler(null);
            }
        }
        if (failures.isEmpty()) {
            return;
        }
        AssertionError e = new AssertionError(failures.size() + " goroutine(s) failed; the first: "
                + failures.peek().getMessage());
        failures.forEach(e::addSuppressed);
        failures.clear();
        throw e;
    }
}
