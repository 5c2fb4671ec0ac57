package org.stratus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.stratus.testing.JarProcess;

/**
 * The packaged jar as a user runs it ({@code stratus start}): embedded PostgreSQL under the data folder, a generated
 * admin password printed once, JSON logs when stdout is not a terminal, graceful shutdown on SIGTERM that lets an
 * in-flight upload finish, and everything still there after a restart.
 */
class StratusLauncherIT {

    private static final Pattern PASSWORD = Pattern.compile("Created user 'admin' with password: (\\S+)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void startServeStopGracefullyAndRestartOnTheSameDataFolder() throws Exception {
        Path data = Files.createTempDirectory("stratus-launcher");
        int port = JarProcess.freePort();

        JarProcess first = JarProcess.start(port, data, java.util.Map.of());
        String password;
        try {
            first.awaitReady();
            Matcher generated = PASSWORD.matcher(first.output());
            assertThat(generated.find()).as("generated password printed:\n%s", first.output()).isTrue();
            password = generated.group(1);
            assertThat(first.lines().stream().filter(line -> line.startsWith("{")).toList())
                    .as("JSON log lines").isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains("\"@timestamp\"", "\"log\":{\"level\""));
            assertThat(first.output()).doesNotContain(password + "\"");

            String auth = basic("admin", password);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(dav(port, "kept.txt"))
                    .header("Authorization", auth).header("X-Request-Id", "it-request-1")
                    .PUT(HttpRequest.BodyPublishers.ofString("kept")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(201);
            assertThat(put.headers().firstValue("X-Request-Id")).hasValue("it-request-1");
            String accessLine = first.awaitLine("\"request_id\":\"it-request-1\"");
            assertThat(accessLine).contains("\"logger\":\"org.stratus.access\"", "\"method\":\"PUT\"",
                    "\"route\":\"/remote.php/dav/files/{user}/{path}\"", "\"status\":\"201\"",
                    "\"user_id\":\"1\"", "\"bytes_in\":\"4\"", "\"duration_ms\":");
            assertThat(first.lines().stream().filter(line -> line.startsWith("{")))
                    .as("no JSON log line carries the password").noneMatch(line -> line.contains(password));

            // A slow upload is in flight when SIGTERM arrives: it must complete, then the process exits.
            SlowBody slow = new SlowBody(64, 64 * 1024);
            CompletableFuture<HttpResponse<String>> upload = http.sendAsync(HttpRequest.newBuilder(
                            dav(port, "in-flight.bin")).header("Authorization", auth)
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(slow, slow.length())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(slow.started.await(20, TimeUnit.SECONDS)).isTrue();
            first.process().destroy(); // SIGTERM
            // Readiness goes down at once so load balancers stop sending; the replica keeps serving while they drain.
            assertThat(first.awaitReadiness(503)).as("readiness down after SIGTERM").isTrue();
            assertThat(upload.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        } finally {
            first.process().destroyForcibly();
        }

        JarProcess second = JarProcess.start(port, data, java.util.Map.of());
        try {
            second.awaitReady();
            assertThat(second.output()).doesNotContain("Created user 'admin' with password");
            HttpResponse<String> kept = http.send(HttpRequest.newBuilder(dav(port, "kept.txt"))
                    .header("Authorization", basic("admin", password)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(kept.statusCode()).isEqualTo(200);
            assertThat(kept.body()).isEqualTo("kept");
            HttpResponse<String> inFlight = http.send(HttpRequest.newBuilder(dav(port, "in-flight.bin"))
                    .header("Authorization", basic("admin", password)).method("HEAD",
                            HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(inFlight.headers().firstValueAsLong("Content-Length")).hasValue(64L * 64 * 1024);
        } finally {
            second.process().destroy();
            second.process().waitFor(30, TimeUnit.SECONDS);
            second.process().destroyForcibly();
        }
    }

    private static URI dav(int port, String name) {
        return URI.create("http://127.0.0.1:" + port + "/remote.php/dav/files/admin/" + name);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request body that trickles out, so the upload is still in flight when the server is told to stop. */
    private static final class SlowBody implements Flow.Publisher<java.nio.ByteBuffer> {
        final CountDownLatch started = new CountDownLatch(1);
        private final int chunks;
        private final int chunkSize;

        SlowBody(int chunks, int chunkSize) {
            this.chunks = chunks;
            this.chunkSize = chunkSize;
        }

        long length() {
            return (long) chunks * chunkSize;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                private int sent;
                private boolean cancelled;

                @Override
                public synchronized void request(long n) {
                    for (long i = 0; i < n && sent < chunks && !cancelled; i++) {
                        if (sent == 1) {
                            started.countDown();
                        }
                        if (sent > 0) {
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                        sent++;
                        subscriber.onNext(java.nio.ByteBuffer.wrap(new byte[chunkSize]));
                    }
                    if (sent == chunks && !cancelled) {
                        cancelled = true;
                        subscriber.onComplete();
                    }
                }

                @Override
                public synchronized void cancel() {
                    cancelled = true;
                }
            });
        }
    }
}
