package dev.weft.sched;

import java.util.List;

/**
 * A goroutine that was blocked for good: it waited on something no running, runnable or
 * otherwise reachable part of the program could ever act on, so the garbage collector reclaimed
 * it while it still waited (Go's goroutine leak profile). Reported by a scheduler built with
 * {@link Scheduler.Builder#detectLeaks(boolean)}; see {@link Scheduler#leaks()}.
 *
 * @param id        the goroutine's id
 * @param name      its name when it was last seen
 * @param waitingOn what it waited on as the scheduler last saw it ({@code "chan receive on
 *                  Chan#12[cap=0]"}); empty if the scheduler never looked at it while it waited
 * @param createdBy the id of the goroutine that started it; 0 if a platform thread did
 * @param stack     its stack when the scheduler first saw that wait, innermost frame first;
 *                  empty if it never did
 */
public record GoroutineLeak(long id, String name, String waitingOn, long createdBy, List<StackTraceElement> stack) {
    public GoroutineLeak {
        stack = List.copyOf(stack);
    }
}
