package dev.weft.time;

import dev.weft.chan.Chan;
import dev.weft.internal.ChanAccess;
import dev.weft.internal.TimerQueue;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * What the timer heap runs for a channel timer or a ticker: it sends the time on the channel,
 * which it refers to only weakly, so that a timer nothing else refers to is collected before it
 * fires, as in Go 1.23.
 */
final class TimerChan extends WeakReference<Chan<Instant>> implements Runnable, BooleanSupplier {
    /*
     * Implementation overview.
     *
     * The heap holds every pending timer until its time. Were its entry to hold the channel, a
     * loop of selects on Time.after(d) would keep one channel (and its timer) per turn for d.
     * Instead the entry holds this weak reference; the channel is kept by whoever can still
     * receive from it: the caller that holds it (or its Timer or Ticker, which hold it), or a
     * thread blocked on it, whose stack holds it. A blocked thread is itself reachable while
     * the JDK keeps every virtual thread in its root container (jdk.trackAllThreads, on by
     * default), or as a live platform thread; so a channel someone waits on is never collected,
     * and its timer fires. A JVM started with jdk.trackAllThreads=false lets a parked virtual
     * thread that nothing refers to be collected (what Weft's leak detection relies on), and
     * with it a channel only that thread waits on: there the entry holds the channel strongly,
     * as Go before 1.23 did.
     *
     * Once the collector has cleared the reference, it is queued; each timer made afterwards
     * first takes the queued ones' entries out of the heap, so that they do not wait there for
     * their time either. A firing whose channel is gone does nothing.
     */

    private static final ReferenceQueue<Chan<Instant>> COLLECTED = new ReferenceQueue<>();
    /** Whether a channel may be held weakly: see the overview. */
    private static final boolean WEAK = !"false".equalsIgnoreCase(System.getProperty("jdk.trackAllThreads", "").trim());

    /** The channel when it may not be held weakly; else null. */
    private final Chan<Instant> strong;
    private final Shot shot;
    private final boolean periodic;
    /** Its entry in the heap, for taking it out once the channel is gone; set once scheduled. */
    private volatile TimerQueue.Entry entry;

    private TimerChan(Chan<Instant> c, Shot shot, boolean periodic) {
        super(c, COLLECTED);
        this.strong = WEAK ? null : c;
        this.shot = shot;
        this.periodic = periodic;
    }

    /** Sends the time on {@code c} once, after {@code nanos}, unless {@code shot} is stopped first. */
    static TimerQueue.Entry schedule(Chan<Instant> c, Shot shot, long nanos) {
        removeCollected();
        TimerChan t = new TimerChan(c, shot, false);
        TimerQueue.Entry e = TimerQueue.scheduleNonWaiting(t, t, nanos);
        t.entry = e;
        return e;
    }

    /** Sends the time on {@code c} every {@code periodNanos}, until {@code shot} is stopped. */
    static TimerQueue.Entry scheduleAtFixedRate(Chan<Instant> c, Shot shot, long periodNanos) {
        removeCollected();
        TimerChan t = new TimerChan(c, shot, true);
        TimerQueue.Entry e = TimerQueue.scheduleAtFixedRate(t, periodNanos);
        t.entry = e;
        return e;
    }

    /** Takes the entries of the timers whose channels were collected out of the heap. */
    private static void removeCollected() {
        for (Reference<? extends Chan<Instant>> r; (r = COLLECTED.poll()) != null; ) {
            TimerQueue.Entry e = ((TimerChan) r).entry;
            if (e != null) {
                e.cancel();
            }
        }
    }

    /** The timer thread's firing: a non-blocking send, dropped if the channel is full or gone. */
    @Override
    public void run() {
        if (!shot.beginFire()) {
            return;                          // stopped meanwhile
        }
        try {
            Chan<Instant> c = get();
            if (c != null) {
                c.trySend(Instant.now());
            }
        } finally {
            if (periodic) {
                shot.ticked();
            } else {
                shot.fired();
            }
        }
    }

    /**
     * A scheduler worker's firing of a one-shot timer: sends unless the channel's lock is
     * taken; false then, and the timer thread fires it instead.
     */
    @Override
    public boolean getAsBoolean() {
        if (!shot.beginFire()) {
            return true;                     // stopped meanwhile: nothing to do
        }
        Chan<Instant> c = get();
        if (c != null && ChanAccess.trySendIfFree(c, Instant.now()) == null) {
            shot.gaveUp();
            return false;
        }
        shot.fired();
        return true;
    }
}
