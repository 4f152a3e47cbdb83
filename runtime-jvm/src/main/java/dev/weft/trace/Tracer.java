package dev.weft.trace;

/**
 * Trace hooks (go_fiber's {@code gof_trace_on_switch/on_block/on_unblock}): told when a goroutine
 * of the scheduler it was given to ({@code Scheduler.builder().tracer(t)}) blocks in a Weft
 * operation, is made ready again, and runs. Each hook runs on the thread where the event
 * happens, synchronously: keep it short and non-blocking (count, or offer to a queue), and do not
 * call back into Weft's blocking operations from it. An exception a hook throws is ignored.
 *
 * <pre>{@code
 * LongAdder blocks = new LongAdder();
 * Scheduler s = Scheduler.builder().tracer(new Tracer() {
 *     public void onBlock(long goroutine, String reason) { blocks.increment(); }
 * }).build();
 * }</pre>
 *
 * Covered: channel operations and select, {@code Mutex}, {@code RWMutex}, {@code Semaphore},
 * {@code WaitGroup}, {@code Cond}, {@code Barrier}, {@code Once}, joins, and socket waits of
 * {@code dev.weft.net}. A goroutine whose wait ends without parking (the value was there) does
 * not block. With no tracer on any scheduler, each site costs one read of a static field.
 */
public interface Tracer {
    /**
     * Goroutine {@code goroutine} starts or resumes running, on {@code worker}: the scheduler
     * switched to it.
     */
    default void onSwitch(long goroutine, Thread worker) {
    }

    /** Goroutine {@code goroutine} is about to wait; {@code reason} names what for ("chan receive on Chan#12[cap=0]"). */
    default void onBlock(long goroutine, String reason) {
    }

    /**
     * Goroutine {@code goroutine}'s channel wait was completed by another: by goroutine
     * {@code by}, or 0 when a platform thread completed it. Told for channel operations and
     * select; other waits report only their {@link #onSwitch}.
     */
    default void onUnblock(long goroutine, long by) {
    }
}
