package org.stratus.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Runs, failures, duration and last success of one background job. */
public final class JobMetrics {

    private final Counter success;
    private final Counter error;
    private final Timer duration;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final Clock clock;

    public JobMetrics(MeterRegistry registry, String job, Clock clock) {
        this.clock = clock;
        success = Counter.builder("stratus.job.runs").tag("task", job).tag("outcome", "success")
                .description("Background job runs").register(registry);
        error = Counter.builder("stratus.job.runs").tag("task", job).tag("outcome", "error")
                .description("Background job runs").register(registry);
        duration = Timer.builder("stratus.job.duration").tag("task", job).description("Background job duration")
                .serviceLevelObjectives(Buckets.LATENCY).register(registry);
        registry.gauge("stratus.job.last.success.timestamp.seconds",
                java.util.List.of(io.micrometer.core.instrument.Tag.of("task", job)), lastSuccess, AtomicLong::get);
    }

    public void record(long startNanos, boolean succeeded) {
        duration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        if (succeeded) {
            success.increment();
            lastSuccess.set(clock.instant().getEpochSecond());
        } else {
            error.increment();
        }
    }
}
