package dev.weft.net;

/**
 * A snapshot of the JVM's netpoller, from {@link Net#stats()}. The counters only grow; the
 * difference of two snapshots says how busy the poller was between them (events per poll near
 * one under load means the poller wakes for every socket).
 *
 * @param poller     what it polls with: {@code "epoll"} (edge-triggered, Linux, with
 *                   {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}) or {@code "selector"}
 *                   (a {@code java.nio} selector, everywhere else)
 * @param pollers    its poller threads ({@code weft.pollers}; a selector has one)
 * @param registered sockets registered now: open connections, listeners and packet sockets
 * @param polls      returns from the kernel's poll since the JVM started
 * @param events     socket readiness reports since the JVM started
 */
public record NetStats(String poller, int pollers, int registered, long polls, long events) {
}
