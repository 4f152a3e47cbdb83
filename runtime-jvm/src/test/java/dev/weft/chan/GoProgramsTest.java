package dev.weft.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.sched.Scheduler;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The channel programs Go's own test suite runs (test/chan/*.go), in Java on Weft. */
class GoProgramsTest {
    private Scheduler s;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        // Goroutines left blocked forever (as Go's programs leave them) are released by
        // shutdownNow(), which interrupts them: CancellationException is their expected end.
        s = Scheduler.builder().name("goprog").uncaughtExceptionHandler((g, t) -> {
            if (!(t instanceof CancellationException)) {
                failures.add(t);
            }
        }).build();
    }

    @AfterEach
    void stop() {
        s.shutdownNow();
        s.close();
        assertEquals(List.of(), failures);
    }

    /** test/chan/sieve1.go: a daisy chain of filter goroutines, one per prime found. */
    @Test
    void primeSieveDaisyChain() throws Exception {
        List<Integer> primes = s.run(() -> {
            Chan<Integer> ch = Chan.make();
            s.go(() -> {
                for (int i = 2; ; i++) {
                    ch.send(i);
                }
            });
            List<Integer> found = new ArrayList<>();
            Chan<Integer> in = ch;
            for (int i = 0; i < 100; i++) {
                int prime = in.recv();
                found.add(prime);
                Chan<Integer> out = Chan.make();
                Chan<Integer> src = in;
                s.go(() -> {
                    while (true) {
                        int v = src.recv();
                        if (v % prime != 0) {
                            out.send(v);
                        }
                    }
                });
                in = out;
            }
            return found;
        });
        assertEquals(100, primes.size());
        assertEquals(List.of(2, 3, 5, 7, 11, 13, 17, 19, 23, 29), primes.subList(0, 10));
        assertEquals(541, primes.get(99));
    }

    /** test/chan/fifo.go: values stay in order through a buffer and through a chain of blocked receivers. */
    @Test
    void fifoThroughBuffersAndChainsOfBlockedReceivers() throws Exception {
        int n = 10;
        Chan<Integer> buffered = Chan.make(n);
        for (int i = 0; i < n; i++) {
            buffered.send(i);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(i, buffered.recv());
        }
        // Synchronous chain: goroutine i waits for its turn on `in`, receives from ch, passes the turn.
        Chan<Integer> ch = Chan.make();
        Chan<Boolean> first = Chan.make();
        Chan<Boolean> in = first;
        List<Integer> outOfOrder = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Chan<Boolean> out = Chan.make();
            Chan<Boolean> myIn = in;
            int expect = i;
            s.go(() -> {
                myIn.recv();
                int v = ch.recv();
                if (v != expect) {
                    synchronized (outOfOrder) {
                        outOfOrder.add(v);
                    }
                }
                out.send(true);
            });
            in = out;
        }
        first.send(true);
        for (int i = 0; i < n; i++) {
            ch.send(i);
        }
        in.recv();
        assertEquals(List.of(), outOfOrder);
    }

    /**
     * test/chan/powser1.go in miniature: McIlroy's power series as networks of goroutines and
     * channels. Exp(x) = 1 + x + x^2/2! + ..., computed as the integral of itself; its first
     * coefficients must be 1/n!.
     */
    @Test
    void mcIlroyPowerSeriesExponential() throws Exception {
        int terms = 10;
        List<Rat> coefficients = s.run(() -> {
            Chan<Rat> exp = PowerSeries.exp(s);
            List<Rat> out = new ArrayList<>();
            for (int i = 0; i < terms; i++) {
                out.add(exp.recv());
            }
            return out;
        });
        BigInteger factorial = BigInteger.ONE;
        for (int i = 0; i < terms; i++) {
            if (i > 0) {
                factorial = factorial.multiply(BigInteger.valueOf(i));
            }
            assertEquals(new Rat(BigInteger.ONE, factorial), coefficients.get(i), "coefficient " + i);
        }
    }

    /** A rational number, reduced. */
    record Rat(BigInteger num, BigInteger den) {
        Rat {
            BigInteger g = num.gcd(den);
            if (!g.equals(BigInteger.ZERO) && !g.equals(BigInteger.ONE)) {
                num = num.divide(g);
                den = den.divide(g);
            }
        }

        static Rat of(long n) {
            return new Rat(BigInteger.valueOf(n), BigInteger.ONE);
        }

        Rat divide(long d) {
            return new Rat(num, den.multiply(BigInteger.valueOf(d)));
        }
    }

    /** Power series as channels of coefficients, after McIlroy (Go's powser1.go). */
    static final class PowerSeries {
        /** Copies one input to two outputs, as Go's split(). */
        static void split(Scheduler s, Chan<Rat> in, Chan<Rat> a, Chan<Rat> b) {
            s.go(() -> {
                while (true) {
                    Rat r = in.recv();
                    a.send(r);
                    b.send(r);
                }
            });
        }

        /** The integral of U with constant term c: c, u0, u1/2, u2/3, ... */
        static Chan<Rat> integ(Scheduler s, Rat c, Chan<Rat> u) {
            Chan<Rat> out = Chan.make();
            s.go(() -> {
                out.send(c);
                for (long i = 1; ; i++) {
                    out.send(u.recv().divide(i));
                }
            });
            return out;
        }

        /** exp: the series E with E' = E and E(0) = 1, via a feedback loop through integ. */
        static Chan<Rat> exp(Scheduler s) {
            Chan<Rat> feedback = Chan.make(1);
            Chan<Rat> integral = integ(s, Rat.of(1), feedback);
            Chan<Rat> out = Chan.make();
            split(s, integral, out, feedback);
            return out;
        }
    }
}
