package org.stratus.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Requests the database could not serve (503) and retried units of work. */
public final class DatabaseMetrics {

    private final Counter unavailable;
    private final Counter retries;

    public DatabaseMetrics(MeterRegistry registry) {
        unavailable = Counter.builder("stratus.db.unavailable")
                .description("Requests answered 503 because the database could not be reached").register(registry);
        retries = Counter.builder("stratus.db.retries")
                .description("Units of work retried after a transient database error").register(registry);
    }

    public void unavailable() {
        unavailable.increment();
    }

    public void retried() {
        retries.increment();
    }
}
