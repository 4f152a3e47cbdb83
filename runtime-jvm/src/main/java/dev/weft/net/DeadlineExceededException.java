package dev.weft.net;

import java.net.SocketTimeoutException;

/**
 * A network operation's deadline passed (Go's {@code os.ErrDeadlineExceeded}, "i/o timeout").
 * The connection stays open: move the deadline later, or clear it, and I/O goes on.
 */
public class DeadlineExceededException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    DeadlineExceededException(String what) {
        super(what + ": i/o timeout");
    }
}
