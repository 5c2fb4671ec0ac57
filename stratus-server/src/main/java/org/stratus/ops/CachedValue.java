package org.stratus.ops;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A number that is expensive to read (a database count), recomputed at most once per period. */
final class CachedValue {

    private static final Logger log = LoggerFactory.getLogger(CachedValue.class);

    private final long periodNanos;
    private final Supplier<Long> source;
    private long readAt;
    private double value = Double.NaN;

    CachedValue(Duration period, Supplier<Long> source) {
        this.periodNanos = period.toNanos();
        this.source = source;
    }

    synchronized double get() {
        long now = System.nanoTime();
        if (Double.isNaN(value) || now - readAt > periodNanos) {
            try {
                value = source.get();
            } catch (RuntimeException e) {
                log.debug("Gauge source failed: {}", e.toString());
                value = Double.NaN; // absent data, not a made-up zero, while the database is away
            }
            readAt = now;
        }
        return value;
    }
}
