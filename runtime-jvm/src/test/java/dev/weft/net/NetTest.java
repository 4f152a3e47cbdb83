package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextException;
import dev.weft.internal.Carrier;
import dev.weft.sched.Goroutine;
import dev.weft.sched.Scheduler;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.UnknownHostException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Go's {@code net} semantics on goroutines: echo, deadlines, contexts, interrupts, close, EOF, bad input. */
class NetTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    private final Scheduler s = Scheduler.builder().name("net").workers(2).uncaughtExceptionHandler(failures).build();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        s.close();
    }

    private Listener listen() throws IOException {
        return listen("127.0.0.1:0");
    }

    private Listener listen(String address) throws IOException {
        return listen("tcp", address);
    }

    private Listener listen(String network, String address) throws IOException {
        Listener ln = Net.listen(network, address);
        resources.add(ln);
        return ln;
    }

    /** A connected pair: the dialled end and the accepted one. */
    private Conn[] pair(Listener ln) throws Exception {
        Conn dialled = Net.dial(ln.addr());
        resources.add(dialled);
        return new Conn[] {dialled, accepted(ln)};
    }

    /** The connection {@code ln} accepts next (one a test has just dialled). */
    private Conn accepted(Listener ln) throws Exception {
        CompletableFuture<Conn> accepted = new CompletableFuture<>();
        s.go(() -> accepted.complete(ln.accept()));
        Conn c = accepted.get(30, TimeUnit.SECONDS);
        resources.add(c);
        return c;
    }

    private static Goroutine waitingIn(Goroutine g) {
        Waits.whileTrue("the goroutine has not blocked", () -> g.state() != Goroutine.State.WAITING && !g.isDone());
        return g;
    }

    /** An operation for {@link #endInto}. */
    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    /** Runs {@code op} and completes {@code ended} with what it threw, or with null when it returned. */
    private static void endInto(CompletableFuture<Throwable> ended, Op op) {
        try {
            op.run();
            ended.complete(null);
        } catch (Throwable t) {
            ended.complete(t);
        }
    }

    private static void readFully(Conn c, byte[] b) throws IOException {
        for (int off = 0; off < b.length; ) {
            int n = c.read(b, off, b.length - off);
            if (n < 0) {
                throw new IOException("EOF after " + off + " of " + b.length + " bytes");
            }
            off += n;
        }
    }

    @Test
    void hundredsOfConnectionsEchoWithMatchingChecksumsAndLeaveNothingRegistered() throws Exception {
        int registeredBefore = Net.stats().registered();
        long eventsBefore = Net.stats().events();
        Listener ln = listen();
        int conns = 200;
        s.go("server", () -> {
            for (int i = 0; i < conns; i++) {
                Conn c = ln.accept();
                s.go(() -> {
                    try (c) {
                        byte[] buf = new byte[1024];
                        for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) {
                            c.write(buf, 0, n);
                        }
                    }
                });
            }
        });
        LongAdder sent = new LongAdder();
        LongAdder echoed = new LongAdder();
        List<Goroutine> clients = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            clients.add(s.go(() -> {
                try (Conn c = Net.dial(ln.addr())) {
                    byte[] out = new byte[64];
                    byte[] in = new byte[64];
                    for (int round = 0; round < 50; round++) {
                        ThreadLocalRandom.current().nextBytes(out);
                        c.write(out);
                        readFully(c, in);
                        sent.add(crc(out));
                        echoed.add(crc(in));
                    }
                    c.closeWrite();
                    assertEquals(-1, c.read(in, 0, in.length), "the server closed after our end of stream");
                }
            }));
        }
        for (Goroutine g : clients) {
            assertTrue(g.join(Duration.ofSeconds(60)), () -> "a client is stuck\n" + s.dump());
        }
        assertEquals(sent.sum(), echoed.sum());
        ln.close();
        Waits.whileTrue("sockets are still registered with the netpoller",
                () -> Net.stats().registered() > registeredBefore);
        assertTrue(Net.stats().events() > eventsBefore, "the netpoller reported no readiness");
    }

    @Test
    void theNetpollerIsEpollWhereItCanBe() {
        // The build runs these tests twice: with sun.nio.ch opened (epoll on Linux) and without.
        String expected = System.getProperty("weft.test.expectedPoller",
                System.getProperty("os.name").startsWith("Linux") ? "epoll" : "selector");
        NetStats stats = Net.stats();
        assertEquals(expected, stats.poller(), stats.toString());
        assertEquals(1, stats.pollers(), stats.toString());
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    @Test
    void aReadDeadlineEndsTheReadAndTheConnectionGoesOn() throws Exception {
        Conn[] p = pair(listen());
        p[1].setReadDeadline(Instant.now().plusMillis(50));
        byte[] b = new byte[5];
        DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> p[1].read(b, 0, 5));
        assertEquals("read: i/o timeout", e.getMessage());
        assertThrows(DeadlineExceededException.class, () -> p[1].read(b, 0, 5), "every later read fails too");
        p[0].write("hello".getBytes(StandardCharsets.US_ASCII));
        assertThrows(DeadlineExceededException.class, () -> p[1].read(b, 0, 5), "a passed deadline fails even with data");
        p[1].setReadDeadline(null);
        readFully(p[1], b);
        assertEquals("hello", new String(b, StandardCharsets.US_ASCII));
    }

    @Test
    void aDeadlineMovedLaterWhileBlockedLetsTheReadGoOn() throws Exception {
        Listener ln = listen();
        Conn[] p = pair(ln);
        Conn[] witness = pair(ln);
        Instant first = Instant.now().plusMillis(300);
        p[1].setReadDeadline(first);
        witness[1].setReadDeadline(first);   // times out when the first deadline passes
        CompletableFuture<String> got = new CompletableFuture<>();
        Goroutine reader = waitingIn(s.go(() -> {
            byte[] b = new byte[2];
            try {
                readFully(p[1], b);
                got.complete(new String(b, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                got.complete(e.toString());
            }
        }));
        p[1].setReadDeadline(Instant.now().plusSeconds(60));
        assertThrows(DeadlineExceededException.class, () -> witness[1].read(new byte[1], 0, 1));
        assertFalse(reader.join(Duration.ofMillis(100)), () -> "the moved deadline still ended the read: " + got.join());
        p[0].write("ok".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ok", got.get(30, TimeUnit.SECONDS));
        assertTrue(reader.join(Duration.ofSeconds(30)));
    }

    @Test
    void aWriteDeadlineEndsAWriteThatThePeerDoesNotRead() throws Exception {
        Conn[] p = pair(listen());
        byte[] big = new byte[64 * 1024 * 1024];
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        // The deadline is set once the write waits, so the socket's buffers took some bytes
        // before it passes: a deadline set before the write can pass before its first write(2)
        // on a loaded machine, and then nothing was written (as Go's would).
        waitingIn(s.go(() -> endInto(ended, () -> p[0].write(big))));
        p[0].setWriteDeadline(Instant.now().plusMillis(50));
        Throwable t;
        try {
            t = ended.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException stuck) {
            throw new AssertionError("the write did not end 30 s after its deadline\n" + s.dump(), stuck);
        }
        DeadlineExceededException e = assertInstanceOf(DeadlineExceededException.class, t, () -> "the write ended with " + t);
        assertTrue(e.bytesTransferred > 0 && e.bytesTransferred < big.length, "wrote part: " + e.bytesTransferred);
        p[0].setWriteDeadline(null);
        byte[] first = new byte[10];
        readFully(p[1], first);              // the connection is still usable
        assertArrayEquals(new byte[10], first);
    }

    @Test
    void anAcceptDeadlineAndAPastDialTimeout() throws Exception {
        Listener ln = listen();
        ln.setDeadline(Instant.now().plusMillis(50));
        assertThrows(DeadlineExceededException.class, ln::accept);
        ln.setDeadline(null);
        assertThrows(DeadlineExceededException.class, () -> Net.dial(Duration.ofSeconds(-1), ln.addr()));
        Conn[] p = pair(ln);                  // the listener still accepts
        assertFalse(p[1].isClosed());
    }

    @Test
    void theCurrentContextEndsABlockedReadAndAcceptAndTheSocketsStayOpen() throws Exception {
        Listener ln = listen();
        Conn[] p = pair(ln);
        try (CancelContext ctx = Context.background().withCancel()) {
            CompletableFuture<Throwable> read = new CompletableFuture<>();
            CompletableFuture<Throwable> accept = new CompletableFuture<>();
            waitingIn(s.go(() -> ctx.run(() -> endInto(read, () -> p[1].read(new byte[1], 0, 1)))));
            waitingIn(s.go(() -> ctx.run(() -> endInto(accept, () -> ln.accept()))));
            ctx.cancel();
            assertInstanceOf(ContextException.class, read.get(30, TimeUnit.SECONDS));
            assertInstanceOf(ContextException.class, accept.get(30, TimeUnit.SECONDS));
        }
        p[0].write(new byte[] {7});
        byte[] b = new byte[1];
        readFully(p[1], b);
        assertEquals(7, b[0]);
        assertFalse(pair(ln)[1].isClosed(), "the listener still accepts");
    }

    /**
     * As in Go, goroutines may call a connection's or a listener's methods at once: concurrent
     * accepts each get a connection of their own, and concurrent reads and writes take turns,
     * each write whole, however often it waits for room.
     */
    @Test
    void goroutinesAcceptReadAndWriteAtOnceAndEachWriteStaysWhole() throws Exception {
        Listener ln = listen();
        List<CompletableFuture<Conn>> accepts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CompletableFuture<Conn> accepted = new CompletableFuture<>();
            accepts.add(accepted);
            waitingIn(s.go(() -> {
                Conn c = ln.accept();
                synchronized (resources) {
                    resources.add(c);
                }
                accepted.complete(c);
            }));
        }
        List<Conn> dialled = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Conn c = Net.dial(ln.addr());
            resources.add(c);
            dialled.add(c);
        }
        List<String> peers = new ArrayList<>();
        for (CompletableFuture<Conn> a : accepts) {
            peers.add(a.get(30, TimeUnit.SECONDS).remoteAddr());
        }
        assertEquals(4, peers.stream().distinct().count(), "each accept got a connection of its own: " + peers);
        List<Conn> acceptedEnds = new ArrayList<>();             // acceptedEnds.get(i) is dialled.get(i)'s peer
        for (Conn d : dialled) {
            acceptedEnds.add(accepts.get(peers.indexOf(d.localAddr())).get());
        }

        // Four writers of 1 MiB blocks, far more than the socket buffers hold: each write waits for
        // room many times, and the peer must still see whole blocks, each of one writer's byte.
        Conn w = dialled.get(0);
        Conn r = acceptedEnds.get(0);
        int block = 1 << 20;
        int blocksEach = 4;
        List<Goroutine> writers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            byte mark = (byte) i;
            writers.add(s.go(() -> {
                byte[] b = new byte[block];
                Arrays.fill(b, mark);
                for (int k = 0; k < blocksEach; k++) {
                    w.write(b);
                }
            }));
        }
        r.setReadDeadline(Instant.now().plusSeconds(60));
        int[] blocksOf = new int[5];
        byte[] got = new byte[block];
        for (int k = 0; k < 4 * blocksEach; k++) {
            readFully(r, got);
            byte mark = got[0];
            for (int j = 0; j < block; j++) {
                if (got[j] != mark) {
                    fail("block " + k + " mixes writers " + mark + " and " + got[j] + " at byte " + j);
                }
            }
            blocksOf[mark]++;
        }
        assertArrayEquals(new int[] {0, blocksEach, blocksEach, blocksEach, blocksEach}, blocksOf);
        for (Goroutine g : writers) {
            assertTrue(g.join(Duration.ofSeconds(30)), () -> "a writer is stuck\n" + s.dump());
        }

        // Two readers at once share what comes, each byte once.
        Conn from = dialled.get(1);
        Conn to = acceptedEnds.get(1);
        LongAdder sum = new LongAdder();
        LongAdder count = new LongAdder();
        int total = 100_000;
        List<Goroutine> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            readers.add(waitingIn(s.go(() -> {
                byte[] b = new byte[777];
                for (int n; (n = to.read(b, 0, b.length)) > 0; ) {
                    for (int j = 0; j < n; j++) {
                        sum.add(b[j] & 0xff);
                    }
                    count.add(n);
                }
            })));
        }
        long expected = 0;
        byte[] out = new byte[total];
        for (int i = 0; i < total; i++) {
            out[i] = (byte) (i * 7);
            expected += out[i] & 0xff;
        }
        from.write(out);
        from.closeWrite();
        for (Goroutine g : readers) {
            assertTrue(g.join(Duration.ofSeconds(30)), () -> "a reader is stuck\n" + s.dump());
        }
        assertEquals(total, count.sum());
        assertEquals(expected, sum.sum());
    }

    /**
     * Many small writes from many goroutines at once, so that turns change hands constantly: every
     * record arrives whole, once, and in its writer's order, and no writer is left waiting.
     */
    @Test
    void turnsChangingHandsConstantlyLoseNoWakeUpAndNoRecord() throws Exception {
        Conn[] p = pair(listen());
        int writers = 8;
        int records = 5_000;
        int size = 32;
        List<Goroutine> gs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            gs.add(s.go(() -> {
                byte[] rec = new byte[size];
                for (int i = 0; i < records; i++) {
                    ByteBuffer.wrap(rec).putInt(id).putInt(i).putLong(~((long) id << 32 | i));
                    p[0].write(rec);
                }
            }));
        }
        p[1].setReadDeadline(Instant.now().plusSeconds(60));
        int[] next = new int[writers];
        byte[] rec = new byte[size];
        for (int k = 0; k < writers * records; k++) {
            readFully(p[1], rec);
            ByteBuffer b = ByteBuffer.wrap(rec);
            int id = b.getInt();
            int i = b.getInt();
            assertTrue(id >= 0 && id < writers && b.getLong() == ~((long) id << 32 | i), () -> "a torn record: " + Arrays.toString(rec));
            assertEquals(next[id]++, i, "writer " + id + "'s records in order");
        }
        for (Goroutine g : gs) {
            assertTrue(g.join(Duration.ofSeconds(30)), () -> "a writer is stuck\n" + s.dump());
        }
    }

    /** A goroutine waiting for its turn behind a blocked read ends by its context or by a close, as the read does. */
    @Test
    void aGoroutineWaitingForItsTurnEndsByItsContextOrAClose() throws Exception {
        Conn[] p = pair(listen());
        CompletableFuture<Throwable> first = new CompletableFuture<>();
        waitingIn(s.go(() -> endInto(first, () -> p[1].read(new byte[1], 0, 1))));
        CompletableFuture<Throwable> queued = new CompletableFuture<>();
        try (CancelContext ctx = Context.background().withCancel()) {
            waitingIn(s.go(() -> ctx.run(() -> endInto(queued, () -> p[1].read(new byte[1], 0, 1)))));
            ctx.cancel();
            assertInstanceOf(ContextException.class, queued.get(30, TimeUnit.SECONDS));
        }
        assertFalse(first.isDone(), "the read holding the turn goes on");
        CompletableFuture<Throwable> second = new CompletableFuture<>();
        waitingIn(s.go(() -> endInto(second, () -> p[1].read(new byte[1], 0, 1))));
        p[1].close();
        assertEquals("read: use of closed network connection", first.get(30, TimeUnit.SECONDS).getMessage());
        assertEquals("read: use of closed network connection", second.get(30, TimeUnit.SECONDS).getMessage());
    }

    @Test
    void anInterruptEndsABlockedReadAndTheConnectionStaysOpen() throws Exception {
        Conn[] p = pair(listen());
        CompletableFuture<Throwable> read = new CompletableFuture<>();
        Goroutine g = waitingIn(s.go(() -> endInto(read, () -> p[1].read(new byte[1], 0, 1))));
        g.interrupt();
        assertInstanceOf(CancellationException.class, read.get(30, TimeUnit.SECONDS));
        p[0].write(new byte[] {9});
        byte[] b = new byte[1];
        readFully(p[1], b);
        assertEquals(9, b[0]);
    }

    @Test
    void closingWakesBlockedOperations() throws Exception {
        Listener ln = listen();
        Conn[] p = pair(ln);
        CompletableFuture<Throwable> read = new CompletableFuture<>();
        CompletableFuture<Throwable> accept = new CompletableFuture<>();
        waitingIn(s.go(() -> endInto(read, () -> p[1].read(new byte[1], 0, 1))));
        waitingIn(s.go(() -> endInto(accept, () -> ln.accept())));
        p[1].close();
        ln.close();
        assertEquals("read: use of closed network connection", read.get(30, TimeUnit.SECONDS).getMessage());
        assertInstanceOf(NetClosedException.class, read.get());
        assertInstanceOf(NetClosedException.class, accept.get(30, TimeUnit.SECONDS));
        assertInstanceOf(NetClosedException.class, assertThrows(SocketException.class, ln::accept));
        assertThrows(SocketException.class, () -> p[1].write(new byte[1]));
        assertEquals(-1, p[0].read(new byte[1], 0, 1), "the peer reads end of stream");
    }

    /** As in Go, addresses stay readable after a close (a server logs whom it lost). */
    @Test
    void addressesAnswerAfterTheClose() throws Exception {
        Listener ln = listen();
        Conn[] p = pair(ln);
        String local = p[0].localAddr();
        String remote = p[0].remoteAddr();
        String listening = ln.addr();
        assertEquals(remote, listening);
        assertEquals(local, p[1].remoteAddr());
        p[0].close();
        ln.close();
        assertEquals(local, p[0].localAddr());
        assertEquals(remote, p[0].remoteAddr());
        assertEquals(listening, ln.addr());
        assertEquals(Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1)), ln.port());
        try (PacketConn pc = Net.listenPacket("127.0.0.1:0")) {
            String addr = pc.localAddr();
            pc.close();
            assertEquals(addr, pc.localAddr());
        }
    }

    @Test
    void aListenersBacklogHoldsABurstOfDialsBeforeAnyAccept() throws Exception {
        // Go listens with the system's maximum backlog (net.core.somaxconn on Linux), and so does
        // Net.listen: a burst of dials completes its handshakes while nobody accepts yet.
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        int burst = 1_000;
        if (Files.exists(somaxconn)) {
            try (BufferedReader r = Files.newBufferedReader(somaxconn)) {
                burst = Math.min(burst, Integer.parseInt(r.readLine().trim()));
            }
        }
        List<Conn> conns = new ArrayList<>();
        try (Listener ln = Net.listen("127.0.0.1:0")) {
            for (int i = 0; i < burst; i++) {
                try {
                    conns.add(Net.dial(Duration.ofSeconds(5), ln.addr()));
                } catch (DeadlineExceededException e) {
                    fail("dial " + i + " of " + burst + " timed out: the listener's backlog is smaller than the burst");
                }
            }
            for (int i = 0; i < burst; i++) {
                conns.add(ln.accept());
            }
        } finally {
            for (Conn c : conns) {
                c.close();
            }
        }
    }

    @Test
    void aListenerIsClosedWhenCloseReturns() throws Exception {
        // A selector defers a registered socket's close to its next select; Go's close does not.
        for (int i = 0; i < 50; i++) {
            Listener ln = Net.listen("127.0.0.1:0");
            String addr = ln.addr();
            ln.close();
            assertThrows(ConnectException.class, () -> Net.dial(addr), "dial " + i);
        }
    }

    @Test
    void halfCloseRefusedAndBadInput() throws Exception {
        Listener ln = listen();
        Conn[] p = pair(ln);
        p[0].closeWrite();
        assertEquals(-1, p[1].read(new byte[1], 0, 1));
        p[1].write(new byte[] {1, 2});        // the other direction still works
        byte[] b = new byte[2];
        readFully(p[0], b);
        assertArrayEquals(new byte[] {1, 2}, b);

        String addr = ln.addr();
        ln.close();
        assertThrows(ConnectException.class, () -> Net.dial(addr));

        assertEquals("address localhost: missing port (want \"host:port\")",
                assertThrows(IllegalArgumentException.class, () -> Net.dial("localhost")).getMessage());
        assertEquals("address :70000: port 70000 out of range 0-65535",
                assertThrows(IllegalArgumentException.class, () -> Net.listen(":70000")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Net.dial("::1:80"));
        assertThrows(IndexOutOfBoundsException.class, () -> p[0].read(new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> p[1].write(new byte[4], -1, 2));
        assertTrue(p[0].localAddr().startsWith("127.0.0.1:"));
        assertEquals(addr, p[0].remoteAddr());
    }

    /**
     * As Go's dialer does, a dial tries every address its host resolves to, in turn, until one
     * answers, and when none does, throws the first one's failure: here the name's first address
     * (IPv4 loopback) refuses and its second (IPv6 loopback) accepts.
     */
    @Test
    void aDialTriesEveryAddressOfItsHostInTurn() throws Exception {
        Listener ln = ipv6OnlyListener();
        String address = TestResolver.IPV4_THEN_IPV6 + ":" + ln.port();
        Conn c = Net.dial(address);
        resources.add(c);
        assertEquals("[::1]:" + ln.port(), c.remoteAddr());
        Conn timed = Net.dial(Duration.ofSeconds(30), address);
        resources.add(timed);
        assertEquals("[::1]:" + ln.port(), timed.remoteAddr());
        ln.close();
        ConnectException e = assertThrows(ConnectException.class, () -> Net.dial(address));
        assertTrue(e.getMessage().contains("127.0.0.1:" + ln.port()), e.getMessage());
    }

    /**
     * Happy Eyeballs, as Go's dialer: a name's first address (IPv4 loopback) does not answer (its
     * listener's queue is full, so the kernel drops the dial's SYN), and the dial connects to its
     * IPv6 address, tried from 300 ms later alongside, instead of waiting for the system to give
     * up on the first; the attempt still in flight is then closed.
     */
    @Test
    void aDialRacesTheOtherFamilyWhenTheFirstDoesNotAnswer() throws Exception {
        try (ServerSocketChannel silent = ServerSocketChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            int port = ((InetSocketAddress) silent.getLocalAddress()).getPort();
            Listener v6 = listen("[::1]:" + port);
            List<SocketChannel> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {    // a backlog of 1 queues two; the kernel drops later SYNs
                    queued.add(SocketChannel.open(silent.getLocalAddress()));
                }
                int registered = Net.stats().registered();
                CompletableFuture<Conn> dialled = new CompletableFuture<>();
                s.go(() -> dialled.complete(Net.dial(TestResolver.IPV4_THEN_IPV6 + ":" + port)));
                Conn c = dialled.get(30, TimeUnit.SECONDS);
                resources.add(c);
                assertEquals("[::1]:" + port, c.remoteAddr());
                accepted(v6);
                assertEquals(registered + 2, Net.stats().registered(), "the dial's and the accepted connections only");
            } finally {
                for (SocketChannel q : queued) {
                    q.close();
                }
            }
        }
    }

    /**
     * A racing dial whose two attempts both go unanswered ends as any dial does, and leaves no
     * socket behind: by its timeout (the first family's failure, the timeout, is thrown), or by
     * its context's end while both attempts are in flight.
     */
    @Test
    void aRacingDialEndsByItsTimeoutOrContextAndClosesBothAttempts() throws Exception {
        try (ServerSocketChannel silent4 = ServerSocketChannel.open(); ServerSocketChannel silent6 = ServerSocketChannel.open()) {
            silent4.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            int port = ((InetSocketAddress) silent4.getLocalAddress()).getPort();
            silent6.bind(new InetSocketAddress("::1", port), 1);
            List<SocketChannel> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {    // a backlog of 1 queues two; the kernel drops later SYNs
                    queued.add(SocketChannel.open(silent4.getLocalAddress()));
                    queued.add(SocketChannel.open(silent6.getLocalAddress()));
                }
                String address = TestResolver.IPV4_THEN_IPV6 + ":" + port;
                int registered = Net.stats().registered();
                CompletableFuture<Throwable> timedOut = new CompletableFuture<>();
                s.go(() -> endInto(timedOut, () -> Net.dial(Duration.ofMillis(800), address)));
                DeadlineExceededException e = assertInstanceOf(DeadlineExceededException.class, timedOut.get(30, TimeUnit.SECONDS));
                assertEquals("dial " + address + ": i/o timeout", e.getMessage());
                assertEquals(registered, Net.stats().registered());

                try (CancelContext ctx = Context.background().withCancel()) {
                    CompletableFuture<Throwable> cancelled = new CompletableFuture<>();
                    s.go(() -> ctx.run(() -> endInto(cancelled, () -> Net.dial(address))));
                    Waits.whileTrue("the dial has not both attempts in flight", () -> Net.stats().registered() < registered + 2);
                    ctx.cancel();
                    assertInstanceOf(ContextException.class, cancelled.get(30, TimeUnit.SECONDS));
                }
                assertEquals(registered, Net.stats().registered());
            } finally {
                for (SocketChannel q : queued) {
                    q.close();
                }
            }
        }
    }

    /**
     * A name's lookup parks the goroutine, not its worker (the JDK's resolver blocks its thread
     * in the system's), and ends as Go's does: by the dial's timeout, which counts the lookup,
     * or by the goroutine's context; an answer that comes later is dropped.
     */
    @Test
    void aLookupParksItsGoroutineAndEndsByTheDialsTimeoutOrItsContext() throws Exception {
        String host = "parks" + TestResolver.SLOW;
        String address = host + ":80";
        try (Scheduler one = Scheduler.builder().name("lookups").workers(1).maxCompensation(0)
                .uncaughtExceptionHandler(failures).build()) {
            try {
                CompletableFuture<Throwable> timed = new CompletableFuture<>();
                waitingIn(one.go(() -> endInto(timed, () -> Net.dial(Duration.ofMillis(300), address))));
                assertTrue(one.go(() -> {}).join(Duration.ofSeconds(30)), one::dump);   // the only worker is free
                DeadlineExceededException e = assertInstanceOf(DeadlineExceededException.class,
                        timed.get(30, TimeUnit.SECONDS));
                assertEquals("dial " + address + ": i/o timeout", e.getMessage());

                try (CancelContext ctx = Context.background().withCancel()) {
                    CompletableFuture<Throwable> cancelled = new CompletableFuture<>();
                    Goroutine dialling = waitingIn(one.go(() -> ctx.run(() -> endInto(cancelled, () -> Net.dial(address)))));
                    Waits.whileTrue("the dial's wait is not named as its lookup in dumps",
                            () -> !dialling.info().waitingOn().equals("lookup " + host));
                    ctx.cancel();
                    assertInstanceOf(ContextException.class, cancelled.get(30, TimeUnit.SECONDS));
                }
            } finally {
                TestResolver.answer(host);           // before the scheduler's close waits for its goroutines
            }
        }
    }

    /**
     * Go's {@code LookupHost} and {@code LookupIP}: every address of a name, in the resolver's
     * order, written as Go writes them; a literal is its own answer; a name with none, or an
     * empty one (which the JDK takes for this machine), is an {@link UnknownHostException}; a
     * goroutine waiting on a lookup parks, named so in dumps, and its context ends the wait.
     */
    @Test
    void lookupsAnswerAsGosAndParkTheirGoroutine() throws Exception {
        CompletableFuture<List<String>> hosts = new CompletableFuture<>();
        s.go(() -> hosts.complete(Net.lookupHost(TestResolver.IPV4_THEN_IPV6)));
        assertEquals(List.of("127.0.0.1", "::1"), hosts.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")),
                Net.lookupIP(TestResolver.IPV4_THEN_IPV6));
        assertEquals(List.of("::1"), Net.lookupHost("0:0:0:0:0:0:0:1"));
        assertEquals("lookup " + TestResolver.NO_SUCH_HOST + ": no such host",
                assertThrows(UnknownHostException.class, () -> Net.lookupHost(TestResolver.NO_SUCH_HOST)).getMessage());
        assertEquals("lookup : no such host", assertThrows(UnknownHostException.class, () -> Net.lookupIP("")).getMessage());

        String host = "lookup" + TestResolver.SLOW;
        try (CancelContext ctx = Context.background().withCancel()) {
            CompletableFuture<Throwable> cancelled = new CompletableFuture<>();
            Goroutine looking = waitingIn(s.go(() -> ctx.run(() -> endInto(cancelled, () -> Net.lookupHost(host)))));
            Waits.whileTrue("the wait is not named as the lookup in dumps", () -> !looking.info().waitingOn().equals("lookup " + host));
            ctx.cancel();
            assertInstanceOf(ContextException.class, cancelled.get(30, TimeUnit.SECONDS));
        } finally {
            TestResolver.answer(host);
        }
        CompletableFuture<List<String>> answered = new CompletableFuture<>();
        s.go(() -> answered.complete(Net.lookupHost(host)));
        assertEquals(List.of("127.0.0.1"), answered.get(30, TimeUnit.SECONDS));
    }

    /**
     * At most 64 lookups run at once, each on a resolver thread: a goroutine that finds them all
     * taken waits for one, its deadline still its own, and no more threads are made.
     */
    @Test
    void lookupsRunSixtyFourAtOnceAndALaterOneWaitsWithinItsDeadline() throws Exception {
        String host = "many" + TestResolver.SLOW;
        try {
            List<CompletableFuture<Throwable>> waiting = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                CompletableFuture<Throwable> f = new CompletableFuture<>();
                waiting.add(f);
                waitingIn(s.go(() -> endInto(f, () -> Net.dial(Duration.ofSeconds(60), host + ":80"))));
            }
            Waits.whileTrue("64 lookups have not started", () -> resolverThreadsInALookup() < 64);
            CompletableFuture<Throwable> later = new CompletableFuture<>();
            s.go(() -> endInto(later, () -> Net.dial(Duration.ofMillis(300), host + ":80")));
            assertInstanceOf(DeadlineExceededException.class, later.get(30, TimeUnit.SECONDS));
            assertEquals(64, resolverThreadsInALookup());
            for (CompletableFuture<Throwable> f : waiting) {
                assertFalse(f.isDone(), "a lookup of the first 64 ended before its answer");
            }
        } finally {
            TestResolver.answer(host);
        }
    }

    /**
     * Lookups one after another reuse one resolver thread: threads are made only as lookups
     * overlap. (Each lookup here waits until the last one's thread is back waiting for work: a
     * lookup's thread wakes its waiter just before it goes back, and a lookup that comes in that
     * moment makes a thread of its own.)
     */
    @Test
    void lookupsOneAfterAnotherReuseAResolverThread() throws Exception {
        lookUpInAGoroutine();
        int before = resolverThreads();
        for (int i = 0; i < 20; i++) {
            lookUpInAGoroutine();
        }
        assertTrue(resolverThreads() <= before, resolverThreads() + " resolver threads, " + before + " before");
    }

    /** A lookup from a goroutine, and then until its resolver thread waits for work again. */
    private void lookUpInAGoroutine() throws Exception {
        Goroutine g = s.go(() -> Net.listen(TestResolver.IPV4_THEN_IPV6 + ":0").close());
        assertTrue(g.join(Duration.ofSeconds(30)), s::dump);
        Waits.whileTrue("a resolver thread is not back waiting for work", () -> Thread.getAllStackTraces().keySet()
                .stream().anyMatch(t -> t.getName().startsWith("weft-resolver-") && t.getState() == Thread.State.RUNNABLE));
    }

    private static int resolverThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("weft-resolver-")).count();
    }

    /**
     * How many resolver threads are in a lookup now (the JDK lets one look a name up and the
     * others of the same name wait for it, each still holding its thread).
     */
    private static int resolverThreadsInALookup() {
        int n = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith("weft-resolver-")
                    && Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("getAllByName"))) {
                n++;
            }
        }
        return n;
    }

    /** A listener on IPv6 loopback at a port where nothing listens on IPv4 loopback. */
    private Listener ipv6OnlyListener() throws IOException {
        for (int attempt = 0; ; attempt++) {
            Listener ln = listen("[::1]:0");
            try (ServerSocket ipv4 = new ServerSocket(ln.port(), 1, InetAddress.getByName("127.0.0.1"))) {
                return ln;                   // the port was free on IPv4; it closes again here
            } catch (IOException taken) {
                if (attempt == 10) {
                    throw taken;
                }
            }
        }
    }

    /**
     * Go's "unix" network: a listener on a socket file, a dial to it, an echo both ways, the
     * addresses as paths, and the file removed when the listener closes, as Go's is.
     */
    @Test
    void unixDomainSocketsEchoAndTheListenerRemovesItsFile() throws Exception {
        Path dir = Files.createTempDirectory("weft-net");
        Path path = dir.resolve("echo.sock");
        try {
            Listener ln = listen("unix", path.toString());
            assertEquals(path.toString(), ln.addr());
            assertTrue(Files.exists(path));
            Conn dialled = Net.dial("unix", path.toString());
            resources.add(dialled);
            Conn a = accepted(ln);
            byte[] ping = new byte[100_000];
            ThreadLocalRandom.current().nextBytes(ping);
            Goroutine echo = s.go(() -> {
                byte[] buf = new byte[4096];
                for (int n, left = ping.length; left > 0; left -= n) {
                    n = a.read(buf, 0, Math.min(buf.length, left));
                    a.write(buf, 0, n);
                }
            });
            dialled.write(ping);
            byte[] back = new byte[ping.length];
            readFully(dialled, back);
            assertArrayEquals(ping, back);
            assertTrue(echo.join(Duration.ofSeconds(30)));
            assertEquals(path.toString(), dialled.remoteAddr());
            assertEquals(path.toString(), a.localAddr());
            assertThrows(UnsupportedOperationException.class, () -> dialled.setKeepAlive(true));
            assertEquals("port: a unix listener has no port (it listens on " + path + ")",
                    assertThrows(UnsupportedOperationException.class, ln::port).getMessage());
            ln.close();
            assertFalse(Files.exists(path), "the listener's close removes its socket file");
            assertThrows(SocketException.class, () -> Net.dial("unix", path.toString()));
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    /** Go's network names: tcp, tcp4, tcp6, unix; any other is refused at once, naming it. */
    @Test
    void networksAreGosAndAnUnknownOneIsRefused() throws Exception {
        Listener v4 = listen("tcp4", ":0");
        assertTrue(v4.addr().startsWith("0.0.0.0:"), v4.addr());
        Listener v6 = listen("tcp6", "[::1]:0");
        assertEquals("[::1]:" + v6.port(), v6.addr());
        Conn c = Net.dial("tcp6", TestResolver.IPV4_THEN_IPV6 + ":" + v6.port());   // its IPv6 address only
        resources.add(c);
        assertEquals("[::1]:" + v6.port(), c.remoteAddr());
        Conn d = Net.dial(Duration.ofSeconds(30), "tcp4", "127.0.0.1:" + v4.port());
        resources.add(d);
        assertEquals("listen sctp: unknown network (want tcp, tcp4, tcp6, unix, udp, udp4 or udp6)",
                assertThrows(IllegalArgumentException.class, () -> Net.listen("sctp", ":0")).getMessage());
        assertEquals("listen udp4: a packet network (use listenPacket)",
                assertThrows(IllegalArgumentException.class, () -> Net.listen("udp4", ":0")).getMessage());
        assertEquals("address [::1]:80: no IPv4 address for ::1",
                assertThrows(UnknownHostException.class, () -> Net.dial("tcp4", "[::1]:80")).getMessage());
        assertEquals("address 127.0.0.1:0: no IPv6 address for 127.0.0.1",
                assertThrows(UnknownHostException.class, () -> Net.listen("tcp6", "127.0.0.1:0")).getMessage());
        assertEquals("unix address: empty path",
                assertThrows(IllegalArgumentException.class, () -> Net.listen("unix", "")).getMessage());
    }

    /**
     * Go's {@code ReadFrom}: a file goes by the kernel from its position, which is left after it,
     * and any other channel through a buffer; the peer reads both whole, in order, through the
     * connection as a {@link java.nio.channels.ByteChannel}.
     */
    @Test
    void readFromSendsAFileAndAnyChannelWhole() throws Exception {
        Conn[] p = pair(listen());
        Path file = Files.createTempFile("weft-net", ".bin");
        try {
            byte[] data = new byte[8 << 20];
            ThreadLocalRandom.current().nextBytes(data);
            Files.write(file, data);
            byte[] small = new byte[100_000];
            ThreadLocalRandom.current().nextBytes(small);
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            s.go(() -> received.complete(Channels.newInputStream(p[1]).readAllBytes()));
            try (FileChannel fc = FileChannel.open(file)) {
                fc.position(1_000);
                assertEquals(data.length - 1_000, p[0].readFrom(fc));
                assertEquals(data.length, fc.position());
            }
            assertEquals(small.length, p[0].readFrom(Channels.newChannel(new ByteArrayInputStream(small))));
            p[0].closeWrite();
            byte[] expected = new byte[data.length - 1_000 + small.length];
            System.arraycopy(data, 1_000, expected, 0, data.length - 1_000);
            System.arraycopy(small, 0, expected, data.length - 1_000, small.length);
            assertArrayEquals(expected, received.get(30, TimeUnit.SECONDS));
        } finally {
            Files.delete(file);
        }
    }

    /**
     * Go's {@code net.Buffers}: buffers written as one gathered write, whole and in order, however
     * often it waits for room, with no other write between them; a null among them fails before
     * anything is written.
     */
    @Test
    void aGatheringWriteSendsItsBuffersWholeAndInOrder() throws Exception {
        Conn[] p = pair(listen());
        byte[] big = new byte[4 << 20];
        ThreadLocalRandom.current().nextBytes(big);
        ByteBuffer direct = ByteBuffer.allocateDirect(1_000);
        for (int i = 0; i < 1_000; i++) {
            direct.put((byte) i);
        }
        ByteBuffer[] parts = {ByteBuffer.wrap(new byte[] {1, 2, 3}), ByteBuffer.wrap(big), direct.flip(),
                ByteBuffer.allocate(0)};
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        s.go(() -> received.complete(Channels.newInputStream(p[1]).readAllBytes()));
        Goroutine other = s.go(() -> p[0].write(new byte[] {9}));   // before or after, never between
        assertEquals(3 + big.length + 1_000, p[0].write(parts));
        assertTrue(other.join(Duration.ofSeconds(30)), s::dump);
        p[0].closeWrite();
        byte[] got = received.get(30, TimeUnit.SECONDS);
        assertEquals(3 + big.length + 1_000 + 1, got.length);
        int at = got[0] == 9 ? 1 : 0;
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOfRange(got, at, at + 3));
        assertArrayEquals(big, Arrays.copyOfRange(got, at + 3, at + 3 + big.length));
        for (int i = 0; i < 1_000; i++) {
            assertEquals((byte) i, got[at + 3 + big.length + i]);
        }
        assertEquals(9, got[at == 1 ? 0 : got.length - 1]);
        assertThrows(NullPointerException.class, () -> p[0].write(new ByteBuffer[] {ByteBuffer.allocate(1), null}));
        assertThrows(IndexOutOfBoundsException.class, () -> p[0].write(parts, 2, 3));
    }

    /** A {@code readFrom} of a file that the peer does not read ends by the write deadline, saying how much it sent. */
    @Test
    void aReadFromEndsByTheWriteDeadlineSayingHowMuchItSent() throws Exception {
        Conn[] p = pair(listen());
        Path file = Files.createTempFile("weft-net", ".bin");
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            fc.write(ByteBuffer.allocate(1), (64 << 20) - 1);   // 64 MiB, more than the sockets hold
            p[0].setWriteDeadline(Instant.now().plusMillis(300));
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> p[0].readFrom(fc));
            assertTrue(e.bytesTransferred > 0 && e.bytesTransferred < 64 << 20, e.bytesTransferred + " bytes");
            assertEquals(e.bytesTransferred, fc.position());
            assertFalse(p[0].isClosed());
        } finally {
            Files.delete(file);
        }
    }

    /** As Go's {@code Write} of nothing, a write of nothing still fails on a closed socket or a passed deadline. */
    @Test
    void writingNothingStillChecksTheDeadlineAndTheClose() throws Exception {
        Conn c = pair(listen())[0];
        c.write(new byte[0]);
        c.setWriteDeadline(Instant.now().minusSeconds(1));
        assertThrows(DeadlineExceededException.class, () -> c.write(new byte[0]));
        assertThrows(DeadlineExceededException.class, () -> c.write(ByteBuffer.allocate(0)));
        assertThrows(DeadlineExceededException.class, () -> c.write(new ByteBuffer[0]));
        c.close();
        assertThrows(NetClosedException.class, () -> c.write(new byte[0]));
        assertThrows(NetClosedException.class, () -> c.write(new ByteBuffer[] {ByteBuffer.allocate(0)}));
    }

    /** As in Go, a deadline cannot be set once the socket is closed: the setter fails, naming why. */
    @Test
    void deadlinesCannotBeSetOnceClosed() throws Exception {
        Listener ln = listen();
        Conn c = pair(ln)[0];
        PacketConn u = Net.listenPacket("127.0.0.1:0");
        resources.add(u);
        c.close();
        ln.close();
        u.close();
        Instant later = Instant.now().plusSeconds(60);
        assertEquals("set deadline: use of closed network connection",
                assertThrows(NetClosedException.class, () -> c.setDeadline(later)).getMessage());
        assertThrows(SocketException.class, () -> c.setReadDeadline(null));
        assertThrows(SocketException.class, () -> c.setWriteDeadline(later));
        assertThrows(SocketException.class, () -> ln.setDeadline(later));
        assertThrows(SocketException.class, () -> u.setDeadline(later));
        assertThrows(SocketException.class, () -> u.setReadDeadline(later));
        assertThrows(SocketException.class, () -> u.setWriteDeadline(null));
    }

    /**
     * Go's {@code CloseRead}: a read blocked at the time ends with the end of the stream, and so
     * does every later one, while the other direction goes on.
     */
    @Test
    void closeReadEndsABlockedReadWithTheEndOfTheStream() throws Exception {
        Conn[] p = pair(listen());
        CompletableFuture<Integer> read = new CompletableFuture<>();
        waitingIn(s.go(() -> read.complete(p[1].read(new byte[1], 0, 1))));
        p[1].closeRead();
        assertEquals(-1, read.get(30, TimeUnit.SECONDS));
        assertEquals(-1, p[1].read(new byte[8], 0, 8), "and every read after it");
        p[1].write(new byte[] {7});
        byte[] b = new byte[1];
        readFully(p[0], b);
        assertEquals(7, b[0]);
        p[1].close();
        assertThrows(SocketException.class, p[1]::closeRead);
    }

    /**
     * After {@code closeWrite} a write fails as in Go (a broken pipe), not as if the connection
     * were closed, and so does one blocked at the time; reads go on.
     */
    @Test
    void writesDuringAndAfterCloseWriteFailAsABrokenPipe() throws Exception {
        Conn[] p = pair(listen());
        CompletableFuture<Throwable> write = new CompletableFuture<>();
        waitingIn(s.go(() -> endInto(write, () -> p[0].write(new byte[16 << 20]))));   // the peer does not read
        p[0].closeWrite();
        assertEquals("write: broken pipe (the writing side is shut down)", write.get(30, TimeUnit.SECONDS).getMessage());
        assertEquals("write: broken pipe (the writing side is shut down)",
                assertThrows(SocketException.class, () -> p[0].write(new byte[1])).getMessage());
        assertFalse(p[0].isClosed());
        p[1].write(new byte[] {5});
        byte[] b = new byte[1];
        readFully(p[0], b);
        assertEquals(5, b[0]);
    }

    /**
     * As Go's dialer and listener do, every connection probes an idle peer every 15 seconds
     * (SO_KEEPALIVE, TCP_KEEPIDLE and TCP_KEEPINTVL): a peer that vanished is found. The period is
     * whole seconds, rounded up, saturating at the kernel's bounds.
     */
    @Test
    void connectionsKeepAliveEveryFifteenSecondsAsInGoAndThePeriodSaturates() throws Exception {
        Conn[] p = pair(listen());
        for (Conn c : p) {
            assertEquals(true, option(c, StandardSocketOptions.SO_KEEPALIVE));
            assertEquals(15, option(c, ExtendedSocketOptions.TCP_KEEPIDLE));
            assertEquals(15, option(c, ExtendedSocketOptions.TCP_KEEPINTERVAL));
        }
        Conn c = p[0];
        c.setKeepAlivePeriod(Duration.ofMillis(1_500));
        assertEquals(2, option(c, ExtendedSocketOptions.TCP_KEEPIDLE));
        assertEquals(2, option(c, ExtendedSocketOptions.TCP_KEEPINTERVAL));
        c.setKeepAlivePeriod(Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(32_767, option(c, ExtendedSocketOptions.TCP_KEEPIDLE));
        c.setKeepAlivePeriod(Duration.ZERO);
        assertEquals(1, option(c, ExtendedSocketOptions.TCP_KEEPIDLE));
        c.setKeepAlivePeriod(Duration.ofSeconds(-5));
        assertEquals(1, option(c, ExtendedSocketOptions.TCP_KEEPINTERVAL));
        c.setKeepAlive(false);
        assertEquals(false, option(c, StandardSocketOptions.SO_KEEPALIVE));
        c.setNoDelay(false);
        assertEquals(false, option(c, StandardSocketOptions.TCP_NODELAY));
        c.setReadBuffer(64 * 1024);
        c.setWriteBuffer(64 * 1024);
        assertTrue(option(c, StandardSocketOptions.SO_RCVBUF) >= 64 * 1024);
        assertTrue(option(c, StandardSocketOptions.SO_SNDBUF) >= 64 * 1024);
        assertEquals("setReadBuffer: negative size -1",
                assertThrows(IllegalArgumentException.class, () -> c.setReadBuffer(-1)).getMessage());
        assertEquals("setWriteBuffer: negative size -2",
                assertThrows(IllegalArgumentException.class, () -> c.setWriteBuffer(-2)).getMessage());
        assertThrows(NullPointerException.class, () -> c.setKeepAlivePeriod(null));
        c.close();
        assertThrows(SocketException.class, () -> c.setKeepAlive(true));
        assertThrows(SocketException.class, () -> c.setNoDelay(true));
    }

    static <T> T option(Conn c, SocketOption<T> name) throws Exception {
        Field f = Conn.class.getDeclaredField("channel");
        f.setAccessible(true);
        return ((SocketChannel) f.get(c)).getOption(name);
    }

    /**
     * Go's {@code SetLinger(0)}: the close discards what was not sent and resets the connection,
     * so the peer's read fails; a positive linger, which would hold the closing carrier in
     * close(2), is refused.
     */
    @Test
    void aZeroLingerResetsTheConnectionAtTheClose() throws Exception {
        Conn[] p = pair(listen());
        assertEquals("setLinger: a positive linger (5 s) would block the closing thread in close(2);"
                        + " use 0 to reset the connection or a negative value to close in the background",
                assertThrows(IllegalArgumentException.class, () -> p[0].setLinger(5)).getMessage());
        p[0].setLinger(-1);
        p[0].setLinger(0);
        p[0].close();
        IOException e = assertThrows(IOException.class, () -> {
            while (p[1].read(new byte[1], 0, 1) >= 0) {
                // nothing was sent: the read ends with the reset
            }
            throw new AssertionError("end of stream instead of a reset");
        });
        assertFalse(e instanceof DeadlineExceededException, e.toString());
    }

    /**
     * A read that returns less than it asked for drained the socket, so the next one waits for the
     * poller without trying: but the peer's FIN, arriving with the last data and reported with it
     * before that read, is never reported again. The next read must still find the end of stream.
     */
    @Test
    void theEndOfStreamThatCameWithTheLastDataIsReadAfterAShortRead() throws Exception {
        Listener ln = listen();
        for (int round = 0; round < 100; round++) {
            Conn[] p = pair(ln);
            p[1].setReadDeadline(Instant.now().plusSeconds(30));    // a wait that misses the FIN fails, not hangs
            CompletableFuture<String> got = new CompletableFuture<>();
            Goroutine reader = s.go(() -> {
                byte[] b = new byte[64];
                int n = p[1].read(b, 0, b.length);                  // blocks: nothing sent yet
                int end = p[1].read(b, 0, b.length);
                got.complete(n + " then " + end);
            });
            waitingIn(reader);
            p[0].write(new byte[10]);
            p[0].close();                                           // the FIN right behind the data
            assertEquals("10 then -1", got.get(60, TimeUnit.SECONDS), () -> "round " + s.dump());
        }
    }

    /** The wait a read begins at once after a short read ends as any other: deadline, context, data. */
    @Test
    void afterAShortReadTheNextWaitEndsByItsDeadlineItsContextOrData() throws Exception {
        Conn[] p = pair(listen());
        byte[] b = new byte[64];
        p[0].write(new byte[3]);
        readFully(p[1], new byte[3]);
        p[0].write(new byte[5]);
        assertEquals(5, readOnce(p[1], b), "a short read");
        p[1].setReadDeadline(Instant.now().plusMillis(50));
        assertThrows(DeadlineExceededException.class, () -> p[1].read(b, 0, b.length));
        p[1].setReadDeadline(null);
        try (CancelContext ctx = Context.background().withCancel()) {
            CompletableFuture<Throwable> read = new CompletableFuture<>();
            waitingIn(s.go(() -> ctx.run(() -> endInto(read, () -> p[1].read(b, 0, b.length)))));
            ctx.cancel();
            assertInstanceOf(ContextException.class, read.get(30, TimeUnit.SECONDS));
        }
        p[0].write(new byte[] {1, 2});
        assertEquals(2, readOnce(p[1], b), "data that came after the drain");
    }

    /** One read, which must return data (a small write on loopback arrives whole); returns how much. */
    private static int readOnce(Conn c, byte[] b) throws IOException {
        int n = c.read(b, 0, b.length);
        assertTrue(n > 0, "read " + n);
        return n;
    }

    /**
     * The streams' one-byte {@code read()} and {@code write(int)} (what {@code DataInputStream}
     * and the like call) make no array per byte: across the whole JVM, goroutines moving 100,000
     * bytes one at a time allocate less than 8 bytes per byte (an array per byte made 24), and
     * every byte arrives once, in order.
     */
    @Test
    void theStreamsMoveOneByteAtATimeWithoutAnArrayPerByte() throws Exception {
        Conn[] p = pair(listen());
        OutputStream out = p[0].outputStream();
        InputStream in = p[1].inputStream();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int bytes = 100_000;
        for (int round = 0; round < 2; round++) {            // the first warms the code up
            long allocated = threads.getTotalThreadAllocatedBytes();
            CompletableFuture<Void> written = new CompletableFuture<>();
            CompletableFuture<Long> read = new CompletableFuture<>();
            s.go(() -> {
                for (int i = 0; i < bytes; i++) {
                    out.write(i * 31);
                }
                written.complete(null);
            });
            s.go(() -> {
                long sum = 0;
                for (int i = 0; i < bytes; i++) {
                    int b = in.read();
                    if (b != (i * 31 & 0xff)) {
                        throw new AssertionError("byte " + i + " was " + b);
                    }
                    sum += b;
                }
                read.complete(sum);
            });
            written.get(30, TimeUnit.SECONDS);
            long sum = read.get(30, TimeUnit.SECONDS);
            long perByte = (threads.getTotalThreadAllocatedBytes() - allocated) / bytes;
            assertEquals(IntStream.range(0, bytes).mapToLong(i -> i * 31 & 0xff).sum(), sum);
            if (round == 1) {
                assertTrue(perByte < 8, "allocated " + perByte + " bytes per byte moved");
            }
        }
    }

    /**
     * A read of a small buffer asks for one byte more and keeps it for the next read: whatever the
     * mix of read sizes and read calls, the bytes come in order, once each, then the end of stream.
     */
    @Test
    void bytesReadAheadComeInOrderOnceEachWhateverTheReads() throws Exception {
        Conn[] p = pair(listen());
        byte[] sent = new byte[5000];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 31 + 7);
        }
        p[0].write(sent);
        p[0].close();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = p[1].inputStream();
        byte[] b = new byte[2048];
        for (int round = 0; ; round++) {
            int n;
            switch (round % 4) {
                case 0 -> {
                    int one = in.read();
                    n = one < 0 ? -1 : 1;
                    if (one >= 0) {
                        got.write(one);
                    }
                }
                case 1 -> {
                    ByteBuffer buf = ByteBuffer.allocate(7);
                    n = p[1].read(buf);
                    got.write(buf.array(), 0, Math.max(n, 0));
                }
                case 2 -> {
                    n = p[1].read(b, 0, 64);
                    got.write(b, 0, Math.max(n, 0));
                }
                default -> {
                    n = p[1].read(b, 0, b.length);            // larger than reads ahead
                    got.write(b, 0, Math.max(n, 0));
                }
            }
            if (n < 0) {
                break;
            }
        }
        assertArrayEquals(sent, got.toByteArray());
        assertEquals(-1, p[1].read(b, 0, 1), "the end of stream stays");
    }

    /**
     * Goroutines move small amounts through their carrier's scratch buffer, larger ones (and
     * any while the carrier has lent its buffer) through the caller's: on one worker, a write
     * parked with the scratch lent while another goroutine reads and writes on the same carrier,
     * then every size around the read-ahead and scratch limits, at offsets, into arrays, heap
     * and direct buffers, keep every stream intact.
     */
    @Test
    void smallReadsAndWritesThroughTheCarriersBufferKeepEveryStreamIntact() throws Exception {
        Conn[] full = pair(listen());
        Conn[] p = pair(listen());
        full[1].setReadDeadline(Instant.now().plusSeconds(60));   // a lost byte fails, not hangs
        p[1].setReadDeadline(Instant.now().plusSeconds(60));
        try (Scheduler one = Scheduler.builder().name("net-one").workers(1).uncaughtExceptionHandler(failures).build()) {
            try {
                int chunks = 4096;                              // 16 MiB: more than both socket buffers hold
                Goroutine filler = waitingIn(one.go(() -> {
                    byte[] chunk = new byte[Carrier.SCRATCH_BYTES];
                    for (int i = 0; i < chunks; i++) {
                        Arrays.fill(chunk, (byte) i);
                        full[0].write(chunk, 0, chunk.length);
                    }
                }));
                byte[] stream = pattern(30_000);
                CompletableFuture<byte[]> echoed = new CompletableFuture<>();
                Goroutine reader = one.go(() -> echoed.complete(readMixed(p[1], stream.length)));
                Goroutine writer = one.go(() -> writeMixed(p[0], stream));
                assertTrue(writer.join(Duration.ofSeconds(30)), () -> "the writer is stuck\n" + one.dump());
                assertArrayEquals(stream, echoed.get(30, TimeUnit.SECONDS), "with the scratch lent to a parked write");
                assertTrue(reader.join(Duration.ofSeconds(30)));

                byte[] chunk = new byte[Carrier.SCRATCH_BYTES];
                for (int i = 0; i < chunks; i++) {
                    readFully(full[1], chunk);
                    for (byte x : chunk) {
                        if (x != (byte) i) {
                            fail("chunk " + i + " holds " + x);
                        }
                    }
                }
                assertTrue(filler.join(Duration.ofSeconds(30)), () -> "the filler is stuck\n" + one.dump());

                Goroutine again = one.go(() -> writeMixed(p[0], stream));
                assertArrayEquals(stream, readMixed(p[1], stream.length), "with the scratch given back");
                assertTrue(again.join(Duration.ofSeconds(30)));
            } finally {
                full[0].close();                                // a failure above must not leave the filler parked
                p[0].close();
            }
        }
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 131 + (i >>> 8));
        }
        return b;
    }

    /** Sizes around the read-ahead limit (1,024) and the scratch buffer's size (4,096). */
    private static final int[] SIZES = {1, 2, 63, 64, 65, 1023, 1024, 1025, 1026, 4095, 4096, 4097, 5000};

    /** Writes {@code stream} in pieces of every size in {@link #SIZES}, each from an offset of a larger array. */
    private static void writeMixed(Conn c, byte[] stream) throws IOException {
        for (int off = 0, i = 0; off < stream.length; i++) {
            int n = Math.min(SIZES[i % SIZES.length], stream.length - off);
            byte[] b = new byte[n + 6];
            System.arraycopy(stream, off, b, 3, n);
            c.write(b, 3, n);
            off += n;
        }
    }

    /** Reads {@code total} bytes in reads of every size in {@link #SIZES}, into arrays at an offset, heap and direct buffers. */
    private static byte[] readMixed(Conn c, int total) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int i = 0; got.size() < total; i++) {
            int size = SIZES[i % SIZES.length];
            int n;
            switch (i % 3) {
                case 0 -> {
                    byte[] b = new byte[size + 10];
                    n = c.read(b, 5, size);
                    got.write(b, 5, Math.max(n, 0));
                }
                case 1 -> {
                    ByteBuffer buf = ByteBuffer.allocate(size);
                    n = c.read(buf);
                    got.write(buf.array(), 0, Math.max(n, 0));
                }
                default -> {
                    ByteBuffer buf = ByteBuffer.allocateDirect(size);
                    n = c.read(buf);
                    byte[] b = new byte[Math.max(n, 0)];
                    buf.flip().get(b);
                    got.write(b, 0, b.length);
                }
            }
            if (n < 0) {
                throw new IOException("EOF after " + got.size() + " of " + total + " bytes");
            }
        }
        return got.toByteArray();
    }

    /** A byte read ahead is delivered as data in the kernel would be: not past the deadline. */
    @Test
    void aByteReadAheadWaitsBehindTheDeadlineAndReadersTakeTurns() throws Exception {
        Conn[] p = pair(listen());
        p[0].write(new byte[] {1, 2});
        byte[] b = new byte[1];
        readFully(p[1], b);                                     // asks for 2, keeps the second
        assertEquals(1, b[0]);
        p[1].setReadDeadline(Instant.now().minusSeconds(1));
        assertThrows(DeadlineExceededException.class, () -> p[1].read(b, 0, 1));
        p[1].setReadDeadline(null);
        assertEquals(1, p[1].read(b, 0, 1));
        assertEquals(2, b[0]);

        Goroutine reader = waitingIn(s.go(() -> p[1].read(new byte[8], 0, 8)));
        Goroutine next = waitingIn(s.go(() -> p[1].read(new byte[8], 0, 8)));   // waits its turn
        p[0].write(new byte[] {3});
        assertTrue(reader.join(Duration.ofSeconds(30)), () -> s.dump());
        p[0].write(new byte[] {4});
        assertTrue(next.join(Duration.ofSeconds(30)), () -> s.dump());
        assertThrows(IllegalArgumentException.class, () -> p[1].read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
    }

    /** A reset that comes after a byte read ahead fails the read after the one that delivers it. */
    @Test
    void aByteReadAheadIsDeliveredBeforeAResetThatCameAfterIt() throws Exception {
        Listener ln = listen();
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), ln.port())) {
            Conn c = accepted(ln);
            peer.getOutputStream().write(new byte[] {5, 6});
            byte[] b = new byte[1];
            readFully(c, b);                  // asks for 2: 5 now, 6 kept
            assertEquals(5, b[0]);
            peer.setSoLinger(true, 0);
            peer.close();                     // a reset
            byte[] more = new byte[8];
            assertEquals(1, c.read(more, 0, more.length), "the byte that came before the reset");
            assertEquals(6, more[0]);
            assertThrows(IOException.class, () -> c.read(more, 0, more.length));
        }
    }

    @Test
    void aResetByThePeerFailsTheReadWithAnIOException() throws Exception {
        Listener ln = listen();
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), ln.port())) {
            Conn c = accepted(ln);
            peer.setSoLinger(true, 0);        // close with a reset, not a FIN
            peer.close();
            IOException e = assertThrows(IOException.class, () -> {
                byte[] b = new byte[1];
                while (c.read(b, 0, 1) >= 0) {
                    // nothing was sent: the read ends with the reset
                }
                throw new AssertionError("end of stream instead of a reset");
            });
            assertFalse(e instanceof DeadlineExceededException, e.toString());
        }
    }

    @Test
    void udpRoundTripsAndAReadDeadline() throws Exception {
        try (PacketConn server = Net.listenPacket("127.0.0.1:0"); PacketConn client = Net.listenPacket("127.0.0.1:0")) {
            int rounds = 100;
            Goroutine echo = s.go(() -> {
                byte[] buf = new byte[1500];
                for (int i = 0; i < rounds; i++) {
                    Datagram d = server.readFrom(buf, 0, buf.length);
                    server.writeTo(buf, 0, d.length(), d.from());
                }
            });
            byte[] in = new byte[64];
            for (int i = 0; i < rounds; i++) {
                byte[] out = ("ping " + i).getBytes(StandardCharsets.US_ASCII);
                client.writeTo(out, 0, out.length, server.localAddr());
                Datagram d = client.readFrom(in, 0, in.length);
                assertEquals("ping " + i, new String(in, 0, d.length(), StandardCharsets.US_ASCII));
                assertEquals(server.localAddr(), d.from());
            }
            assertTrue(echo.join(Duration.ofSeconds(30)));
            client.setReadDeadline(Instant.now().plusMillis(50));
            assertThrows(DeadlineExceededException.class, () -> client.readFrom(in, 0, in.length));
        }
    }

    /**
     * Go's packet networks: {@code "udp4"} and {@code "udp6"} bind and send within their family
     * only ({@code "udp"}, either), with a clear error for an address of the other family, a stream
     * network or an unknown one.
     */
    @Test
    void packetNetworksAreGosAndSendWithinTheirFamily() throws Exception {
        try (PacketConn v4 = Net.listenPacket("udp4", "127.0.0.1:0");
                PacketConn v6 = Net.listenPacket("udp6", "[::1]:0");
                PacketConn either = Net.listenPacket("udp", ":0")) {
            assertTrue(v4.localAddr().startsWith("127.0.0.1:"), v4.localAddr());
            assertTrue(v6.localAddr().startsWith("[::1]:"), v6.localAddr());
            int v4Port = Integer.parseInt(v4.localAddr().substring("127.0.0.1:".length()));
            int v6Port = Integer.parseInt(v6.localAddr().substring("[::1]:".length()));
            byte[] out = "hello".getBytes(StandardCharsets.US_ASCII);
            byte[] in = new byte[16];
            either.writeTo(out, 0, out.length, "127.0.0.1:" + v4Port);
            assertEquals("hello", new String(in, 0, v4.readFrom(in, 0, in.length).length(), StandardCharsets.US_ASCII));
            either.writeTo(out, 0, out.length, "[::1]:" + v6Port);
            assertEquals("hello", new String(in, 0, v6.readFrom(in, 0, in.length).length(), StandardCharsets.US_ASCII));
            // a name with an IPv4 and an IPv6 address stands for the one of the socket's family
            v4.writeTo(out, 0, out.length, TestResolver.IPV4_THEN_IPV6 + ":" + v4Port);
            assertEquals("127.0.0.1:" + v4Port, v4.readFrom(in, 0, in.length).from());
            v6.writeTo(out, 0, out.length, TestResolver.IPV4_THEN_IPV6 + ":" + v6Port);
            assertEquals("[::1]:" + v6Port, v6.readFrom(in, 0, in.length).from());
            assertEquals("address [::1]:" + v6Port + ": no IPv4 address for ::1", assertThrows(UnknownHostException.class,
                    () -> v4.writeTo(out, 0, out.length, "[::1]:" + v6Port)).getMessage());
            assertEquals("address 127.0.0.1:" + v4Port + ": no IPv6 address for 127.0.0.1", assertThrows(UnknownHostException.class,
                    () -> v6.writeTo(out, 0, out.length, "127.0.0.1:" + v4Port)).getMessage());
        }
        assertEquals("address 127.0.0.1:0: no IPv6 address for 127.0.0.1",
                assertThrows(UnknownHostException.class, () -> Net.listenPacket("udp6", "127.0.0.1:0")).getMessage());
        assertEquals("listen tcp: not a packet network (want udp, udp4 or udp6)",
                assertThrows(IllegalArgumentException.class, () -> Net.listenPacket("tcp", ":0")).getMessage());
        assertEquals("listen unixgram: unknown network (want tcp, tcp4, tcp6, unix, udp, udp4 or udp6)",
                assertThrows(IllegalArgumentException.class, () -> Net.listenPacket("unixgram", "/tmp/x.sock")).getMessage());
    }

    /**
     * Go's {@code Dial("udp")}: a connected socket whose every read takes one datagram from its
     * peer (what does not fit is lost; an empty one reads as 0 bytes, not the end) and every
     * write sends one, a gathering write one of all its buffers; datagrams from anyone else are
     * not read; deadlines as on TCP; no half-close and no TCP option.
     */
    @Test
    void udpConnectionsReadAndWriteOneDatagramEach() throws Exception {
        try (PacketConn peer = Net.listenPacket("udp4", "127.0.0.1:0"); PacketConn other = Net.listenPacket("udp4", "127.0.0.1:0")) {
            Conn c = Net.dial("udp", peer.localAddr());
            resources.add(c);
            assertEquals(peer.localAddr(), c.remoteAddr());
            byte[] in = new byte[64];
            c.write(ascii("ping"));
            Datagram d = peer.readFrom(in, 0, in.length);
            assertEquals("ping", new String(in, 0, d.length(), StandardCharsets.US_ASCII));
            assertEquals(c.localAddr(), d.from());
            assertEquals(5, c.write(new ByteBuffer[] {ByteBuffer.wrap(ascii("he")), ByteBuffer.wrap(ascii("llo"))}));
            d = peer.readFrom(in, 0, in.length);
            assertEquals("hello", new String(in, 0, d.length(), StandardCharsets.US_ASCII));

            other.writeTo(ascii("not the peer"), 0, 12, c.localAddr());
            peer.writeTo(ascii("abcdefgh"), 0, 8, c.localAddr());
            peer.writeTo(ascii("xy"), 0, 2, c.localAddr());
            peer.writeTo(new byte[0], 0, 0, c.localAddr());
            peer.writeTo(ascii("z"), 0, 1, c.localAddr());
            byte[] small = new byte[3];
            assertEquals(3, c.read(small, 0, 3));
            assertEquals("abc", new String(small, 0, 3, StandardCharsets.US_ASCII));   // "defgh" is lost
            assertEquals(2, c.read(small, 0, 3));
            assertEquals("xy", new String(small, 0, 2, StandardCharsets.US_ASCII));
            assertEquals(0, c.read(small, 0, 3));                                    // the empty datagram
            assertEquals('z', c.inputStream().read());

            c.setReadDeadline(Instant.now().plusMillis(20));
            assertThrows(DeadlineExceededException.class, () -> c.read(small, 0, 3));
            c.setReadDeadline(null);
            Goroutine reader = waitingIn(s.go(() -> assertEquals(1, c.read(small, 0, 3))));
            peer.writeTo(ascii("!"), 0, 1, c.localAddr());
            assertTrue(reader.join(Duration.ofSeconds(30)), s.dump());

            assertEquals("close write: a UDP connection has no half-close",
                    assertThrows(UnsupportedOperationException.class, c::closeWrite).getMessage());
            assertThrows(UnsupportedOperationException.class, c::closeRead);
            assertThrows(UnsupportedOperationException.class, () -> c.setKeepAlive(true));
            assertThrows(UnsupportedOperationException.class, () -> c.setNoDelay(true));
            c.setReadBuffer(1 << 16);
            String local = c.localAddr();
            c.close();
            assertThrows(NetClosedException.class, () -> c.read(small, 0, 3));
            assertThrows(NetClosedException.class, () -> c.write(small));
            assertEquals(peer.localAddr(), c.remoteAddr());
            assertEquals(local, c.localAddr());
        }
        try (PacketConn v6 = Net.listenPacket("udp6", "[::1]:0")) {
            String port = v6.localAddr().substring("[::1]:".length());
            Conn c = Net.dial("udp6", TestResolver.IPV4_THEN_IPV6 + ":" + port);   // the name's IPv6 address
            resources.add(c);
            assertEquals(v6.localAddr(), c.remoteAddr());
        }
    }

    /**
     * A datagram to a port where nothing listens is refused by the peer's host, and, as in Go
     * ("connection refused"), a later read of the connected socket fails: with the JDK's
     * {@link java.net.PortUnreachableException}.
     */
    @Test
    void aUdpConnectionLearnsThatItsPeerRefused() throws Exception {
        String gone;
        try (PacketConn closed = Net.listenPacket("udp4", "127.0.0.1:0")) {
            gone = closed.localAddr();
        }
        Conn c = Net.dial("udp4", gone);
        resources.add(c);
        c.write(ascii("anyone?"));
        c.setReadDeadline(Instant.now().plusSeconds(30));
        assertThrows(java.net.PortUnreachableException.class, () -> c.read(new byte[8], 0, 8));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** As Go's, a UDP endpoint may broadcast from the start, and its buffers can be sized. */
    @Test
    void udpEndpointsBroadcastAsGosAndTheirBuffersCanBeSized() throws Exception {
        PacketConn u = Net.listenPacket("127.0.0.1:0");
        resources.add(u);
        Field f = PacketConn.class.getDeclaredField("channel");
        f.setAccessible(true);
        DatagramChannel ch = (DatagramChannel) f.get(u);
        assertEquals(true, ch.getOption(StandardSocketOptions.SO_BROADCAST));
        u.setReadBuffer(256 * 1024);
        u.setWriteBuffer(256 * 1024);
        assertTrue(ch.getOption(StandardSocketOptions.SO_RCVBUF) >= 256 * 1024);
        assertTrue(ch.getOption(StandardSocketOptions.SO_SNDBUF) >= 256 * 1024);
        assertEquals("setReadBuffer: negative size -1",
                assertThrows(IllegalArgumentException.class, () -> u.setReadBuffer(-1)).getMessage());
        u.close();
        assertEquals("set write buffer: use of closed network connection",
                assertThrows(SocketException.class, () -> u.setWriteBuffer(1024)).getMessage());
    }
}
