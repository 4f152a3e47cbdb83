package dev.weft.net;

/**
 * What {@link PacketConn#readFrom} received: how many bytes, and from where (Go's {@code n, addr}).
 *
 * @param length how many bytes of the datagram were stored (a longer one is truncated)
 * @param from   the sender's address, Go's form ({@code "127.0.0.1:5353"})
 */
public record Datagram(int length, String from) {}
