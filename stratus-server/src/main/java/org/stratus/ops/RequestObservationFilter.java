package org.stratus.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times every request into {@code stratus_requests_seconds} and writes one access-log line per request (logger
 * {@code org.stratus.access}) with method, route template, status, bytes, duration and user id as structured
 * fields. Runs outside Spring Security so that refused requests (401) are counted and logged too.
 */
public final class RequestObservationFilter extends OncePerRequestFilter {

    /** Request attribute where the authenticated user id is left for this filter (see {@link UserMdcFilter}). */
    public static final String USER_ATTRIBUTE = RequestObservationFilter.class.getName() + ".user";
    private static final Logger access = LoggerFactory.getLogger("org.stratus.access");

    private final MeterRegistry registry;
    /**
     * Timers by label set. Building and registering a Timer on every request was a measurable share of a small GET
     * (the registry looks the meter up by its full id each time); the label sets are few (see RequestClassifier).
     */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String protocol, String operation, int status) {}

    public RequestObservationFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        CountingResponse counting = new CountingResponse(response);
        int status = 500;
        try {
            chain.doFilter(request, counting);
            counting.finish();
            status = counting.getStatus();
        } finally {
            long nanos = System.nanoTime() - start;
            RequestClassifier.Route route = RequestClassifier.classify(request.getMethod(), request.getRequestURI());
            timer(route, status).record(nanos, TimeUnit.NANOSECONDS);
            logAccess(request, route, status, counting.bytesWritten() + sentByContainer(request), nanos);
        }
    }

    private static final String SENT_BY_CONTAINER = RequestObservationFilter.class.getName() + ".sentByContainer";

    /** Body bytes the container sends after the handler returned (sendfile), which no wrapper sees written. */
    public static void sentByContainer(HttpServletRequest request, long bytes) {
        request.setAttribute(SENT_BY_CONTAINER, bytes);
    }

    private static long sentByContainer(HttpServletRequest request) {
        return request.getAttribute(SENT_BY_CONTAINER) instanceof Long bytes ? bytes : 0;
    }

    private Timer timer(RequestClassifier.Route route, int status) {
        return timers.computeIfAbsent(new TimerKey(route.protocol(), route.operation(), status), key ->
                Timer.builder("stratus.requests")
                        .description("HTTP requests by protocol, operation and status")
                        .tag("protocol", key.protocol())
                        .tag("operation", key.operation())
                        .tag("status", Integer.toString(key.status()))
                        .tag("status_class", key.status() / 100 + "xx")
                        .serviceLevelObjectives(Buckets.LATENCY)
                        .register(registry));
    }

    private static void logAccess(HttpServletRequest request, RequestClassifier.Route route, int status, long bytes,
            long nanos) {
        if (!access.isInfoEnabled()) {
            return;
        }
        Object user = request.getAttribute(USER_ATTRIBUTE);
        String durationMs = millis(nanos);
        MDC.put("method", request.getMethod());
        MDC.put("route", route.template());
        MDC.put("status", Integer.toString(status));
        MDC.put("bytes", Long.toString(bytes));
        MDC.put("bytes_in", Long.toString(Math.max(0, request.getContentLengthLong())));
        MDC.put("duration_ms", durationMs);
        if (user != null) {
            MDC.put("user_id", user.toString());
        }
        try {
            access.info("{} {} {} {}B {}ms", request.getMethod(), route.template(), status, bytes, durationMs);
        } finally {
            MDC.remove("method");
            MDC.remove("route");
            MDC.remove("status");
            MDC.remove("bytes");
            MDC.remove("bytes_in");
            MDC.remove("duration_ms");
            MDC.remove("user_id");
        }
    }

    /** Milliseconds with one decimal, as {@code String.format("%.1f")} gives them, without its per-call cost. */
    static String millis(long nanos) {
        long tenths = (nanos + 50_000) / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }
}
