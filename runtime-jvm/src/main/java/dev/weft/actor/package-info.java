/**
 * Actors: a goroutine that owns its state and serves messages from its mailbox, one at a time.
 * {@link dev.weft.actor.Actor} handles fire-and-forget messages and asks with a reply;
 * {@link dev.weft.actor.Server} with {@link dev.weft.actor.GenServer} is Erlang's
 * {@code gen_server} (call, cast, state). Both can run under a
 * {@link dev.weft.supervise.Supervisor}.
 */
package dev.weft.actor;
