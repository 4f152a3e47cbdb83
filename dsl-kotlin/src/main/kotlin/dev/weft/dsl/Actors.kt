package dev.weft.dsl

import dev.weft.actor.Actor
import dev.weft.future.Promise
import dev.weft.supervise.ChildSpec
import dev.weft.supervise.Restart
import dev.weft.supervise.Supervisor
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * Starts an actor named [name] in state [initial]; [receive] returns the next state for each
 * message.
 *
 * ```
 * val counter = actor<Long, Msg>("counter", 0L) { total, msg ->
 *     when (msg) {
 *         is Add -> total + msg.n
 *         is Get -> total.also { msg.reply.resolve(it) }
 *     }
 * }
 * ```
 */
public fun <S, M> actor(name: String, initial: S, receive: (S, M) -> S): Actor<M> =
    Actor.spawn(name, initial) { state, message -> receive(state, message) }

/**
 * Sends the message [withReply] builds around a new promise and waits at most [timeout] for the answer.
 *
 * ```
 * val total: Int = counter.ask(1.seconds) { reply -> Get(reply) }
 * ```
 */
public fun <M, R> Actor<M>.ask(timeout: Duration, withReply: (Promise<R>) -> M): R =
    ask({ p: Promise<R> -> withReply(p) }, timeout.toJavaDuration())

/**
 * Builds and starts a supervisor: `supervisor("root") { worker("poller") { poll() }; intensity(3, 5.seconds) }`.
 */
public fun supervisor(name: String, configure: Supervisor.Builder.() -> Unit): Supervisor =
    Supervisor.builder(name).apply(configure).start()

/**
 * Adds a child running [body] with the given [restart] type.
 *
 * ```
 * supervisor("root") { worker("cleaner", Restart.TRANSIENT) { cleanOnce() } }
 * ```
 */
public fun Supervisor.Builder.worker(name: String, restart: Restart = Restart.PERMANENT, body: () -> Unit): Supervisor.Builder =
    child(ChildSpec.worker(name) { body() }.restart(restart))

/**
 * At most [maxRestarts] restarts within [period], else the supervisor gives up.
 *
 * ```
 * supervisor("root") { worker("poller") { poll() }; intensity(3, 5.seconds) }
 * ```
 */
public fun Supervisor.Builder.intensity(maxRestarts: Int, period: Duration): Supervisor.Builder =
    intensity(maxRestarts, period.toJavaDuration())
