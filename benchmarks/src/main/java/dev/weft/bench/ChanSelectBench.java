package dev.weft.bench;

import com.softwaremill.jox.Channel;
import dev.weft.chan.Chan;
import dev.weft.chan.Select;
import dev.weft.chan.SelectCase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * Select over two rendezvous channels, each fed by its own producer: nanoseconds per select
 * (each select receives one value). The JDK has no select, so it has no entry here.
 */
public class ChanSelectBench extends PeerBench {
    static final int SELECTS = 20_000;

    @Param({"weft", "kotlinx-1thread", "kotlinx-default", "jox-vt"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    @Benchmark
    @OperationsPerInvocation(SELECTS)
    public long selectTwo() throws Exception {
        long[] sum = new long[1];
        switch (impl) {
            case "weft" -> {
                Chan<Integer> a = Chan.make();
                Chan<Integer> b = Chan.make();
                Peers.all(weft, () -> {
                    for (int i = 0; i < SELECTS / 2; i++) {
                        a.send(i);
                    }
                }, () -> {
                    for (int i = 0; i < SELECTS / 2; i++) {
                        b.send(i);
                    }
                }, () -> {
                    SelectCase<Integer> ra = SelectCase.recv(a);
                    SelectCase<Integer> rb = SelectCase.recv(b);
                    for (int i = 0; i < SELECTS; i++) {
                        sum[0] += (Select.select(ra, rb) == 0 ? ra : rb).received().value();
                    }
                });
            }
            case "kotlinx-1thread" -> sum[0] = Kotlinx.select2(SELECTS, false);
            case "kotlinx-default" -> sum[0] = Kotlinx.select2(SELECTS, true);
            case "jox-vt" -> {
                Channel<Integer> a = Channel.newRendezvousChannel();
                Channel<Integer> b = Channel.newRendezvousChannel();
                Peers.all(null, () -> {
                    for (int i = 0; i < SELECTS / 2; i++) {
                        a.send(i);
                    }
                }, () -> {
                    for (int i = 0; i < SELECTS / 2; i++) {
                        b.send(i);
                    }
                }, () -> {
                    for (int i = 0; i < SELECTS; i++) {
                        sum[0] += com.softwaremill.jox.Select.select(a.receiveClause(), b.receiveClause());
                    }
                });
            }
            default -> throw new IllegalArgumentException(impl);
        }
        return sum[0];
    }
}
