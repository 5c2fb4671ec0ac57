package org.stratus.failover;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A steady WebDAV write load: {@code writers} threads, each PUTting new files of random content one after the other
 * and recording every outcome. An acknowledged write is a 2xx answer; the SHA-1 of what was sent is kept so
 * {@link #verify} can check that each one is still there with the same bytes.
 */
final class WriteLoad implements AutoCloseable {

    /** One request: when it started and ended (nanoTime), and its status, or the exception instead of a status. */
    record Outcome(String path, long startNanos, long endNanos, int status, String error, String sha1) {
        boolean acknowledged() {
            return status >= 200 && status < 300;
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String folder;
    private final String authorization;
    private final int writers;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;
    private final List<Future<?>> running = new ArrayList<>();
    private volatile boolean stop;

    /** {@code folder}: an existing collection path on the server, e.g. {@code /remote.php/dav/files/admin/load/}. */
    WriteLoad(String baseUrl, String folder, String user, String password, int writers) {
        this.baseUrl = baseUrl;
        this.folder = folder;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.writers = writers;
        this.pool = Executors.newFixedThreadPool(writers);
    }

    void start() {
        for (int w = 0; w < writers; w++) {
            int writer = w;
            running.add(pool.submit(() -> write(writer)));
        }
    }

    private void write(int writer) {
        Random random = new Random(writer * 7919L + System.nanoTime());
        for (int n = 0; !stop; n++) {
            byte[] content = new byte[1024 + random.nextInt(31 * 1024)];
            random.nextBytes(content);
            String path = folder + "w" + writer + "-" + n + ".bin";
            long start = System.nanoTime();
            int status = -1;
            String error = null;
            try {
                HttpResponse<Void> response = http.send(request(path).PUT(HttpRequest.BodyPublishers
                        .ofByteArray(content)).build(), HttpResponse.BodyHandlers.discarding());
                status = response.statusCode();
            } catch (IOException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Outcome outcome = new Outcome(path, start, System.nanoTime(), status, error, sha1(content));
            outcomes.add(outcome);
            if (!outcome.acknowledged()) {
                // A client that backs off a little; shorter than Retry-After so that the recovery time is measured
                // to a fraction of a second.
                sleep(200);
            }
        }
    }

    /** Stops the writers and waits for the requests in flight (bounded by the request timeout). */
    void stop() {
        stop = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Outcome> outcomes() {
        List<Outcome> list = new ArrayList<>(outcomes);
        list.sort((a, b) -> Long.compare(a.endNanos(), b.endNanos()));
        return Collections.unmodifiableList(list);
    }

    /** The first acknowledged write that was sent after {@code nanos}, if any. */
    java.util.Optional<Outcome> firstAcknowledgedSentAfter(long nanos) {
        return outcomes.stream().filter(Outcome::acknowledged).filter(o -> o.startNanos() > nanos)
                .min((a, b) -> Long.compare(a.endNanos(), b.endNanos()));
    }

    /** What reading back the written files found. */
    record Verification(List<String> lostOrCorrupt, int failedButApplied, int failedAndAbsent,
            List<String> broken) {}

    /**
     * GETs every written file (with {@code threads} threads). An acknowledged one must be there with the bytes sent;
     * a failed one (503: the commit outcome may be unknown) may be absent or there with the bytes sent, anything
     * else (an error, other bytes) is a broken file.
     */
    Verification verify(int threads) {
        ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger applied = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger absent = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService readers = Executors.newFixedThreadPool(threads);
        try {
            for (Outcome outcome : outcomes) {
                readers.submit(() -> {
                    String problem = check(outcome);
                    if (outcome.acknowledged()) {
                        if (problem != null) {
                            lost.add(problem);
                        }
                    } else if (problem == null) {
                        applied.incrementAndGet();
                    } else if (problem.endsWith(" 404")) {
                        absent.incrementAndGet();
                    } else {
                        broken.add(problem);
                    }
                });
            }
        } finally {
            readers.shutdown();
        }
        try {
            if (!readers.awaitTermination(120, TimeUnit.SECONDS)) {
                readers.shutdownNow();
                lost.add("verification did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lost.add("verification interrupted");
        }
        return new Verification(List.copyOf(lost), applied.get(), absent.get(), List.copyOf(broken));
    }

    private String check(Outcome outcome) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(request(outcome.path()).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 503 && attempt < 5) {
                    sleep(1000); // verification is not the test of availability: wait for the database
                    continue;
                }
                if (response.statusCode() != 200) {
                    return outcome.path() + ": answered " + describe(outcome) + ", now GET answers "
                            + response.statusCode();
                }
                String sha1 = sha1(response.body());
                return sha1.equals(outcome.sha1()) ? null
                        : outcome.path() + ": answered " + describe(outcome) + " for SHA-1 " + outcome.sha1()
                                + ", now reads " + sha1;
            } catch (IOException e) {
                if (attempt < 5) {
                    sleep(1000);
                    continue;
                }
                return outcome.path() + ": GET failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome.path() + ": interrupted";
            }
        }
    }

    private static String describe(Outcome outcome) {
        return outcome.error() != null ? outcome.error() : String.valueOf(outcome.status());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization);
    }

    /** Counts by outcome: "201", "503", "IOException: ...", for the test's report and failure messages. */
    static Map<String, Long> countByStatus(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(
                o -> o.error() != null ? o.error() : String.valueOf(o.status()), TreeMap::new,
                Collectors.counting()));
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop = true;
        pool.shutdownNow();
    }
}
