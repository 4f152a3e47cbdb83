package dev.weft.bench;

import org.openjdk.jmh.annotations.Param;

/** Two producer threads, two consumer threads: the queues that allow several of each. */
public class QueueTwoToTwoBench extends QueueBench {
    @Param({"weft-mpmc", "jctools-mpmc", "jdk-abq", "jdk-clq"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    @Override
    protected int pairs() {
        return 2;
    }
}
