package dev.weft.bench;

import org.openjdk.jmh.annotations.Param;

/** One producer thread, one consumer thread. */
public class QueueOneToOneBench extends QueueBench {
    @Param({"weft-mpmc", "weft-spsc", "jctools-mpmc", "jctools-spsc", "jdk-abq", "jdk-clq", "unsafe-spsc"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    @Override
    protected int pairs() {
        return 1;
    }
}
