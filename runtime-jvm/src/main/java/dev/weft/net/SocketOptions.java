package dev.weft.net;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;

/** Setting a socket's options as Go's setters do: a closed socket's error names the setter. */
final class SocketOptions {
    private SocketOptions() {}

    /**
     * Sets {@code name} to {@code value} on {@code channel}.
     *
     * @throws java.net.SocketException if the channel is closed ("{@code what}: use of closed network connection")
     */
    static <T> void set(NetworkChannel channel, SocketOption<T> name, T value, String what) throws IOException {
        try {
            channel.setOption(name, value);
        } catch (ClosedChannelException e) {
            throw PollDesc.closedException(what);
        }
    }

    /**
     * {@code bytes}, checked as the size of a system buffer.
     *
     * @throws IllegalArgumentException if it is negative, named after {@code what}
     */
    static int bufferSize(int bytes, String what) {
        if (bytes < 0) {
            throw new IllegalArgumentException(what + ": negative size " + bytes);
        }
        return bytes;
    }
}
