package dev.weft.sched;

/**
 * Thrown by {@link Scheduler#run} when every goroutine of its scheduler is asleep for good: each
 * waits in a Weft operation (a channel operation or select, a {@code Mutex}, {@code RWMutex},
 * {@code Semaphore}, {@code WaitGroup} or {@code Once}) that only another goroutine or thread
 * could end, and none can: Go's {@code fatal error: all goroutines are asleep - deadlock!}. The
 * message starts with that sentence and carries {@link Scheduler#dump()}: every goroutine, what
 * it waits on, and its stack. The scheduler has been shut down and its goroutines interrupted,
 * so that it can be closed.
 */
public final class DeadlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The first line of the message, Go's words. */
    public static final String ALL_ASLEEP = "all goroutines are asleep - deadlock!";

    DeadlockException(String dump) {
        super(ALL_ASLEEP + "\n\n" + dump);
    }
}
