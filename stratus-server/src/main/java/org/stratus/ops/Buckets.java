package org.stratus.ops;

import java.time.Duration;

/** Histogram buckets shared by every latency metric, so dashboards and SLO rules can rely on them. */
public final class Buckets {

    private Buckets() {}

    /** 5 ms to 30 s; the latency objective uses the 0.5 s bucket. */
    public static final Duration[] LATENCY = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
    };
}
