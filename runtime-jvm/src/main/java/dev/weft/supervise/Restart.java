package dev.weft.supervise;

/** When a supervisor restarts a child that has exited (OTP's restart types). */
public enum Restart {
    /** Always: the child is meant to run for as long as its supervisor. */
    PERMANENT,
    /** Only after a failure (an exception); a normal return ends it for good. */
    TRANSIENT,
    /** Never: when it exits, it is removed. */
    TEMPORARY
}
