package dev.weft.examples;

import static dev.weft.fluent.Go.*;

import dev.weft.chan.Chan;
import dev.weft.sched.Scheduler;

/** The README's hello world in Java: a goroutine sends, main receives. */
public class Hello {
    public static void main(String[] args) throws Exception {
        try (Scheduler s = Scheduler.builder().name("hello").build()) {
            s.run(() -> {
                Chan<String> ch = chan();
                go(() -> ch.send("hello from a goroutine"));
                System.out.println(ch.recv());
                return null;
            });
        }
    }
}
