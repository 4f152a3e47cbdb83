package dev.weft.supervise;

/** Which children a supervisor restarts when one of them must be restarted (OTP's strategies). */
public enum Strategy {
    /** Only the child that exited. */
    ONE_FOR_ONE,
    /** Every child: the others are stopped (in reverse start order), then all start again in order. */
    ONE_FOR_ALL,
    /** The child that exited and those started after it; the earlier ones keep running. */
    REST_FOR_ONE
}
