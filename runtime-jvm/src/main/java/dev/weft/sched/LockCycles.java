package dev.weft.sched;

import dev.weft.internal.Held;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds partial deadlocks among a scheduler's goroutines: cycles in which each goroutine waits
 * for a {@code Mutex} (or an {@code RWMutex}) that the next one holds, the last waiting for the
 * first's.
 */
final class LockCycles {
    /*
     * Implementation overview.
     *
     * A lock records the thread that took it exclusively ({@link Held#holder()}), cleared before it
     * is released. The wait-for graph has an edge from a parked goroutine to the goroutine holding
     * the lock it waits on; each goroutine waits on one lock at most, so every node has at most one
     * edge out, and a cycle is found by following edges from each node until the walk returns to a
     * node of its own walk (a cycle) or reaches one walked before or with no edge (none). The graph
     * is read twice, and only a cycle found both times with the same locks is reported: then each of
     * its goroutines was parked on the same lock at both readings, each held by the next, and none
     * of them can release its lock. That assumes a lock is unlocked by the goroutine that locked it,
     * as nearly all code does: Go (and Weft) let another goroutine unlock a mutex, which this cannot
     * foresee. Read-locks are not recorded, so a writer waiting for readers has no edge.
     */

    private LockCycles() {}

    /** The cycles among {@code live}, each listed from its goroutine with the lowest id. */
    static List<List<Goroutine>> find(List<Goroutine> live) {
        List<List<Goroutine>> first = cycles(live);
        if (first.isEmpty()) {
            return first;
        }
        List<List<Goroutine>> second = cycles(live);
        List<List<Goroutine>> confirmed = new ArrayList<>();
        for (List<Goroutine> c : first) {
            if (second.contains(c)) {
                confirmed.add(c);
            }
        }
        return confirmed;
    }

    private static List<List<Goroutine>> cycles(List<Goroutine> live) {
        Map<Thread, Goroutine> byThread = new HashMap<>();
        for (Goroutine g : live) {
            byThread.put(g.thread, g);
        }
        Map<Goroutine, Goroutine> waitsFor = new HashMap<>();
        for (Goroutine g : live) {
            if (g.thread.getState() == Thread.State.WAITING
                    && LockSupport.getBlocker(g.thread) instanceof Held lock) {
                Goroutine holder = byThread.get(lock.holder());
                if (holder != null) {
                    waitsFor.put(g, holder);
                }
            }
        }
        List<List<Goroutine>> out = new ArrayList<>();
        Map<Goroutine, Integer> walkOf = new HashMap<>();
        int walk = 0;
        for (Goroutine start : live) {
            walk++;
            List<Goroutine> path = new ArrayList<>();
            Goroutine g = start;
            while (g != null && !walkOf.containsKey(g)) {
                walkOf.put(g, walk);
                path.add(g);
                g = waitsFor.get(g);
            }
            if (g != null && walkOf.get(g) == walk) {
                List<Goroutine> cycle = new ArrayList<>(path.subList(path.indexOf(g), path.size()));
                int lowest = 0;
                for (int i = 1; i < cycle.size(); i++) {
                    if (cycle.get(i).id() < cycle.get(lowest).id()) {
                        lowest = i;
                    }
                }
                List<Goroutine> rotated = new ArrayList<>(cycle.subList(lowest, cycle.size()));
                rotated.addAll(cycle.subList(0, lowest));
                out.add(rotated);
            }
        }
        return out;
    }
}
