package dev.weft.sched;

import java.util.concurrent.atomic.LongAdder;

/** Run by {@link FallbackTest} in a JVM started without the add-opens. */
public final class FallbackMain {
    public static void main(String[] args) throws Exception {
        LongAdder sum = new LongAdder();
        for (int round = 0; round < 2; round++) {
            try (Scheduler s = Scheduler.builder().build()) {
                for (int i = 1; i <= 1000; i++) {
                    int k = i;
                    s.go(() -> sum.add(k));
                }
                s.awaitQuiescence();
                System.out.println("kind=" + s.stats().kind() + " workers=" + s.workerCount());
            }
        }
        System.out.println("sum=" + sum.sum());
    }
}
