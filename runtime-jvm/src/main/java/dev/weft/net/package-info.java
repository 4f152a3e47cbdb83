/**
 * Go's {@code net} on goroutines: TCP and Unix domain sockets ({@link dev.weft.net.Net#listen},
 * {@link dev.weft.net.Net#dial}, {@link dev.weft.net.Listener}, {@link dev.weft.net.Conn}) and
 * UDP ({@link dev.weft.net.PacketConn}), with Go's deadlines, and contexts and interrupts as every
 * Weft wait has them.
 *
 * <h2>Which to choose: {@code dev.weft.net} or {@code java.net} sockets</h2>
 * Plain {@code java.net} sockets work in goroutines too (the JDK parks the virtual thread), but
 * an interrupt closes the socket, a timeout ({@code setSoTimeout}) bounds reads only and cannot
 * be moved while a read waits, writes cannot be bounded at all, and contexts do not reach them.
 * Use this package for Go's semantics: absolute per-direction deadlines that can be moved from
 * any goroutine at any time, a passed deadline that leaves the connection usable, and
 * cancellation (an interrupt, the current context's end) that abandons the operation and leaves
 * the socket open.
 *
 * <h2>The netpoller</h2>
 * Sockets are non-blocking {@code java.nio} channels. An operation that finds its socket not
 * ready parks until the netpoller reports it ready, its deadline (a timer on Weft's timer heap)
 * passes, the socket closes or the wait is cancelled. On Linux, with
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}, the netpoller is edge-triggered epoll
 * ({@code weft.pollers} threads, default 1); otherwise a {@link java.nio.channels.Selector}.
 * {@link dev.weft.net.Net#stats()} says which. See {@code PollDesc} and {@code Poller}.
 */
package dev.weft.net;
