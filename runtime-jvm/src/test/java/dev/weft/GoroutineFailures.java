package dev.weft;

import dev.weft.sched.Goroutine;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
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
 */
public final class GoroutineFailures implements BiConsumer<Goroutine, Throwable>, AfterEachCallback {
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    @Override
    public void accept(Goroutine g, Throwable t) {
        failures.add(new AssertionError("goroutine " + g.id() + " \"" + g.name() + "\" failed: " + t, t));
    }

    @Override
    public void afterEach(ExtensionContext context) {
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
