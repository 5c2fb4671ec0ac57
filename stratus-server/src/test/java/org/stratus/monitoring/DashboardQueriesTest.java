package org.stratus.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratus.monitoring.Dashboards.Dashboard;
import org.stratus.monitoring.Dashboards.Query;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;
import tools.jackson.databind.JsonNode;

/**
 * Every query of every dashboard, run against a real Prometheus that scrapes a real Stratus server.
 *
 * <p>A Stratus server starts in this JVM, a {@code prometheus} process (Debian package {@code prometheus}) scrapes
 * it every second, the test sends WebDAV and OCS traffic (uploads, downloads, listings, some 404s), waits until
 * Prometheus has scraped after it, then sends each PromQL query of the dashboards, with Grafana's variables filled
 * in, to Prometheus' query API. Every query must parse; the panels of the Stratus dashboards (overview, storage) must
 * also return data, so a renamed metric or label shows up here and not on a blank dashboard. The database and
 * proxy dashboards only need to parse: there is no Patroni, etcd or HAProxy here. LogQL queries go to no server
 * (no Loki here): {@link LogQlSanity} checks them.
 */
class DashboardQueriesTest {

    private static final Duration PROMETHEUS_START = Duration.ofSeconds(60);
    private static final Duration SCRAPES_AFTER_TRAFFIC = Duration.ofSeconds(90);
    private static final String ROOT = "/remote.php/dav/files/admin/";
    /** A metric name in a query: every selector of the dashboards has braces. */
    private static final Pattern METRIC_NAME = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static StratusTestServer server;
    private static Process prometheus;
    private static Path workDir;
    private static String prometheusUrl;
    private static List<Dashboard> dashboards;
    /** Each PromQL query and Prometheus' answer to it. */
    private static final Map<Query, JsonNode> answers = new LinkedHashMap<>();

    @BeforeAll
    static void scrapeAServerThatServedTraffic() throws Exception {
        Path binary = findPrometheus().orElseGet(() -> fail(
                "prometheus is not on the PATH: install the Debian package `prometheus` "
                        + "(apt-get install --no-install-recommends prometheus); this test runs the dashboards' "
                        + "queries against it"));
        dashboards = Dashboards.load();

        // The maintenance job runs every 2 s instead of hourly so that its metrics have values.
        server = StratusTestServer.builder().property("stratus.blob-sweep.interval=2s").start();
        workDir = Files.createTempDirectory("stratus-dashboards-prometheus");
        startPrometheus(binary);

        long trafficDone = driveTraffic();
        awaitScrapesAfter(trafficDone);

        for (Dashboard dashboard : dashboards) {
            List<Query> queries = new ArrayList<>(dashboard.variableSelectors());
            queries.addAll(dashboard.queries());
            for (Query query : queries) {
                if (query.datasourceType().equals("prometheus")) {
                    answers.put(query, query(dashboard.substitute(query.expr())));
                }
            }
        }
        System.out.println("Queried " + answers.size() + " PromQL expressions of " + dashboards.size()
                + " dashboards");
    }

    @AfterAll
    static void stop() throws IOException {
        if (prometheus != null) {
            prometheus.destroy();
            try {
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                prometheus.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            server.close();
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void everyPromQlQueryParses() {
        List<String> errors = new ArrayList<>();
        answers.forEach((query, answer) -> {
            if (!"success".equals(answer.path("status").asString(""))) {
                errors.add(query + "\n      -> " + answer.path("errorType").asString("") + ": "
                        + answer.path("error").asString(answer.toString()));
            }
        });
        assertThat(answers).as("PromQL queries found in the dashboards").isNotEmpty();
        assertThat(errors).as("queries Prometheus rejects").isEmpty();
    }

    @Test
    void everyPanelOfTheStratusDashboardsReturnsData() {
        Map<String, List<String>> emptyPanels = new LinkedHashMap<>();
        List<String> emptyQueries = new ArrayList<>();
        Set<String> absentMetrics = new TreeSet<>();
        answers.forEach((query, answer) -> {
            if (Dashboards.SERVICE_DASHBOARDS.contains(query.dashboard().file())
                    && "success".equals(answer.path("status").asString(""))
                    && answer.path("data").path("result").isEmpty()) {
                emptyPanels.computeIfAbsent(query.dashboard().file() + " / " + query.panel(), k -> new ArrayList<>())
                        .add(query.refId());
                emptyQueries.add(query.toString());
                Matcher metric = METRIC_NAME.matcher(query.expr());
                while (metric.find()) {
                    if (query(metric.group(1) + "{job=\"stratus\"}").path("data").path("result").isEmpty()) {
                        absentMetrics.add(metric.group(1));
                    }
                }
            }
        });
        if (!emptyPanels.isEmpty()) {
            StringBuilder message = new StringBuilder();
            message.append(emptyPanels.size()).append(" panels of the Stratus dashboards returned no data:\n");
            emptyPanels.forEach((panel, refIds) -> message.append("  ").append(panel).append(" ").append(refIds)
                    .append('\n'));
            message.append("Metrics that Prometheus never scraped from Stratus (see docs/observability/metrics.md):\n  ")
                    .append(String.join("\n  ", absentMetrics)).append('\n');
            message.append("Queries without data:\n  ").append(String.join("\n  ", emptyQueries));
            fail(message.toString());
        }
    }

    @Test
    void everyLogQlQueryIsWellFormedAndSelectsOnlyStreamLabels() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Dashboard dashboard : dashboards) {
            List<Query> queries = new ArrayList<>(dashboard.variableSelectors());
            queries.addAll(dashboard.queries());
            for (Query query : queries) {
                if (!query.datasourceType().equals("loki")) {
                    continue;
                }
                checked++;
                for (String problem : LogQlSanity.problems(dashboard.substitute(query.expr()))) {
                    problems.add(query + "\n      -> " + problem);
                }
            }
        }
        assertThat(checked).as("LogQL queries found in the dashboards").isPositive();
        assertThat(problems).as("LogQL problems").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The {@code prometheus} on the PATH, or the one system property {@code stratus.test.prometheus} names. */
    private static Optional<Path> findPrometheus() {
        String explicit = System.getProperty("stratus.test.prometheus");
        if (explicit != null) {
            Path candidate = Path.of(explicit);
            return Files.isRegularFile(candidate) && Files.isExecutable(candidate) ? Optional.of(candidate)
                    : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void startPrometheus(Path binary) throws IOException, InterruptedException {
        int port = freePort();
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: stratus
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(server.port()));
        Path log = workDir.resolve("prometheus.log");
        // Prometheus listens on all interfaces unless told otherwise: keep it on loopback.
        prometheus = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        prometheusUrl = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + PROMETHEUS_START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                fail("prometheus exited with " + prometheus.exitValue() + ":\n" + tail(log));
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("prometheus not ready within " + PROMETHEUS_START + ":\n" + tail(log));
    }

    /** Uploads, downloads, listings, OCS calls and some 404s; returns the time (ms) when the last one ended. */
    private static long driveTraffic() {
        DavClient dav = DavClient.admin(server);
        DavClient anonymous = new DavClient(server, null, null);
        assertThat(dav.send("MKCOL", ROOT + "dashboards/").statusCode()).isEqualTo(201);
        byte[] content = new byte[64 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                String file = ROOT + "dashboards/file-" + i + ".bin";
                assertThat(dav.put(file, content).statusCode()).as("PUT " + file).isIn(201, 204);
                assertThat(dav.get(file).statusCode()).as("GET " + file).isEqualTo(200);
            }
            assertThat(dav.propfind(ROOT, "1", null).statusCode()).isEqualTo(207);
            assertThat(dav.propfind(ROOT + "dashboards/", "1", null).statusCode()).isEqualTo(207);
            for (int i = 0; i < 3; i++) {
                assertThat(dav.get(ROOT + "missing-" + round + "-" + i + ".txt").statusCode()).isEqualTo(404);
            }
            assertThat(anonymous.send("GET", "/status.php").statusCode()).isEqualTo(200);
            assertThat(anonymous.send("GET", "/ocs/v1.php/cloud/capabilities?format=json").statusCode())
                    .isEqualTo(200);
            assertThat(dav.send("GET", "/ocs/v1.php/cloud/user?format=json", null, "OCS-APIRequest", "true")
                    .statusCode()).isEqualTo(200);
            assertThat(anonymous.send("PROPFIND", ROOT).statusCode()).isEqualTo(401);
        }
        assertThat(dav.send("DELETE", ROOT + "dashboards/file-0.bin").statusCode()).isEqualTo(204);
        return System.currentTimeMillis();
    }

    /**
     * Waits until Prometheus has scraped the server successfully at least three times after the traffic and holds
     * a minute's worth of samples for the rate windows ({@code $__rate_interval} is 1m here).
     */
    private static void awaitScrapesAfter(long trafficDoneMillis) throws InterruptedException {
        double after = trafficDoneMillis / 1000.0 + 2.5; // a scrape at least 2.5 s later: three at 1 s
        String condition = "count_over_time(up{job=\"stratus\"}[1m]) >= 10 and up{job=\"stratus\"} == 1"
                + " and timestamp(up{job=\"stratus\"}) > " + after;
        long deadline = System.nanoTime() + SCRAPES_AFTER_TRAFFIC.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = query(condition);
            if (!last.path("data").path("result").isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        fail("Prometheus did not scrape Stratus successfully after the traffic within " + SCRAPES_AFTER_TRAFFIC
                + "; last answer " + last + "; targets: " + get("/api/v1/targets") + "\n"
                + tail(workDir.resolve("prometheus.log")));
    }

    private static JsonNode query(String promql) {
        String form = "query=" + urlEncode(promql);
        HttpRequest request = HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            // 400 (bad_data) and 422 (execution error) answers carry a JSON body with the error too.
            return Dashboards.JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
