package dev.weft.examples;

import static dev.weft.fluent.Go.chan;
import static dev.weft.fluent.Go.go;

import dev.weft.chan.Chan;
import dev.weft.chan.RecvChan;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's concurrent prime sieve, a pipeline of goroutines: a generator sends 2, 3, 4, …; each
 * prime found adds a filter goroutine that drops its multiples. The whole chain runs under one
 * context, and cancelling it when enough primes are found ends every stage, so no goroutine is
 * left behind. Run: {@code PrimeSieve [count]}.
 */
public final class PrimeSieve {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        List<Integer> primes = firstPrimes(n);
        System.out.printf("prime sieve: the first %d primes through %d filter goroutines: %s%n", n, n - 1, primes);
    }

    /** The first {@code n} primes, found by a daisy chain of {@code n - 1} filters. */
    public static List<Integer> firstPrimes(int n) {
        List<Integer> primes = new ArrayList<>();
        try (CancelContext ctx = Context.background().withCancel()) {
            ctx.run(() -> {
                RecvChan<Integer> ch = generate();
                for (int i = 0; i < n; i++) {
                    int prime = ch.recv();
                    primes.add(prime);
                    ch = filter(ch, prime);
                }
            });
        }                                           // cancels ctx: every stage stops
        return primes;
    }

    private static RecvChan<Integer> generate() {
        Chan<Integer> out = chan();
        go("generate", () -> {
            try {
                for (int i = 2; ; i++) {
                    out.send(i);
                }
            } catch (ContextException stop) {
                // the pipeline is done
            }
        });
        return out;
    }

    private static RecvChan<Integer> filter(RecvChan<Integer> in, int prime) {
        Chan<Integer> out = chan();
        go("filter-" + prime, () -> {
            try {
                for (int i : in) {
                    if (i % prime != 0) {
                        out.send(i);
                    }
                }
            } catch (ContextException stop) {
                // the pipeline is done
            }
        });
        return out;
    }
}
