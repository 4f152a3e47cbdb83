/**
 * Erlang/OTP supervision: a {@link dev.weft.supervise.Supervisor} starts children
 * ({@link dev.weft.supervise.ChildSpec}), restarts them by a {@link dev.weft.supervise.Restart}
 * policy and a {@link dev.weft.supervise.Strategy} (one for one, one for all, rest for one)
 * within a restart intensity, and reports what it did as
 * {@link dev.weft.supervise.SupervisorEvent}s. When restarts exceed the intensity it stops its
 * children and fails with a {@link dev.weft.supervise.SupervisorException}.
 */
package dev.weft.supervise;
