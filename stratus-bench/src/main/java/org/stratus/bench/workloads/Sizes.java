package org.stratus.bench.workloads;

final class Sizes {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;

    private Sizes() {}
}
