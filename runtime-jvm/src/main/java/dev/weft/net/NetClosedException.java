package dev.weft.net;

import java.net.SocketException;

/**
 * An operation on a connection, listener or packet endpoint that is closed, or was closed while
 * the operation waited (Go's {@code net.ErrClosed}, "use of closed network connection"). A server
 * that closes its listener to stop tells its accept loop's end from a failure by this type:
 *
 * <pre>{@code
 * while (true) {
 *     Conn c;
 *     try {
 *         c = ln.accept();
 *     } catch (NetClosedException stopped) {
 *         return;                                        // ln.close() was called: a clean stop
 *     }
 *     go(() -> serve(c));
 * }
 * }</pre>
 */
public class NetClosedException extends SocketException {
    private static final long serialVersionUID = 1L;

    NetClosedException(String what) {
        super(what + ": use of closed network connection");
    }
}
