package dev.weft.bench.echo;

import dev.weft.net.Conn;
import dev.weft.net.Listener;
import dev.weft.net.Net;
import dev.weft.sched.Scheduler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One echo server of the side-by-side run, in a JVM of its own so that its CPU time can be read
 * alone: {@code EchoServer <impl> <port>} prints {@code READY <port>} once listening and serves
 * until killed. Each copies back what it reads, 64 bytes at a time, a connection per goroutine
 * (or virtual thread, or Netty channel). A line {@code HEAP} on its standard input makes it
 * collect garbage and print {@code HEAP <bytes of heap in use>}.
 * <ul>
 *   <li>{@code weft-net}: Weft's {@code dev.weft.net} on a 2-worker scheduler.</li>
 *   <li>{@code weft-javanet}: {@code java.net} sockets in goroutines of a 2-worker scheduler.</li>
 *   <li>{@code jdk-vt}: {@code java.net} sockets in JDK virtual threads.</li>
 *   <li>{@code netty}: Netty NIO, one boss and 2 event loops.</li>
 * </ul>
 */
public final class EchoServer {
    private EchoServer() {}

    public static void main(String[] args) throws Exception {
        String impl = args[0];
        int port = Integer.parseInt(args[1]);
        Thread heap = new Thread(EchoServer::answerHeapQueries, "heap-queries");
        heap.setDaemon(true);
        heap.start();
        switch (impl) {
            case "weft-net", "weft-net-selector" -> weftNet(port);
            case "weft-javanet" -> javaNet(port, true);
            case "jdk-vt" -> javaNet(port, false);
            case "netty" -> netty(port);
            default -> throw new IllegalArgumentException("unknown server " + impl);
        }
    }

    private static void answerHeapQueries() {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("HEAP")) {
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                    }
                    System.out.println("HEAP " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                }
            }
        } catch (IOException e) {
            // the runner went away
        }
    }

    private static void weftNet(int port) throws Exception {
        Scheduler s = Scheduler.builder().name("echo").workers(2).build();
        Listener ln = Net.listen("127.0.0.1:" + port);
        System.out.println("READY " + ln.port());
        s.run(() -> {
            while (true) {
                Conn c = ln.accept();
                s.go(() -> {
                    try (c) {
                        byte[] buf = new byte[64];
                        for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) {
                            c.write(buf, 0, n);
                        }
                    }
                });
            }
        });
    }

    private static void javaNet(int port, boolean weft) throws Exception {
        ServerSocket ss = new ServerSocket(port, 4096, InetAddress.getLoopbackAddress());
        System.out.println("READY " + ss.getLocalPort());
        Scheduler s = weft ? Scheduler.builder().name("echo").workers(2).build() : null;
        while (true) {
            Socket c = ss.accept();
            Runnable serve = () -> {
                try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                    c.setTcpNoDelay(true);
                    byte[] buf = new byte[64];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                    }
                } catch (Exception e) {
                    // the client went away
                }
            };
            if (s != null) {
                s.go(serve::run);
            } else {
                Thread.ofVirtual().start(serve);
            }
        }
    }

    private static void netty(int port) throws Exception {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(msg);
                            }
                        });
                    }
                });
        int bound = ((java.net.InetSocketAddress) b.bind(InetAddress.getLoopbackAddress(), port).sync().channel().localAddress()).getPort();
        System.out.println("READY " + bound);
        Thread.currentThread().join();
    }
}
