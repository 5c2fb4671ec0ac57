package org.stratus.ops;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * On shutdown (SIGTERM), first turns readiness to REFUSING_TRAFFIC and keeps serving for the drain period, so that
 * load balancers and Kubernetes take the replica out of rotation before it stops accepting connections; only then
 * does the web server's graceful shutdown begin. Its phase is the highest, so it stops first.
 */
public final class ShutdownDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final ApplicationEventPublisher events;
    private final Duration drain;
    private volatile boolean running;

    public ShutdownDrain(ApplicationEventPublisher events, Duration drain) {
        this.events = events;
        this.drain = drain;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        if (!drain.isZero()) {
            log.info("Readiness is down; serving for {} s more while load balancers drain this replica",
                    drain.toSeconds());
            try {
                Thread.sleep(drain.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
