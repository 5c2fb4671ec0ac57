package org.stratus.bench;

import picocli.CommandLine;

/** Entry point of {@code stratus-bench.jar}; the launcher calls it as {@code ./stratus bench}. */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
