package org.stratus.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.stratus.bench.load.Measurement;
import org.stratus.bench.load.Measurement.Iteration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportTest {

    private static Measurement measured(int concurrency, long opsPerSecond, long latencyMicros) {
        Histogram latency = new Histogram(3_600_000_000L, 3);
        latency.recordValueWithCount(latencyMicros, opsPerSecond);
        return new Measurement(concurrency, List.of(new Iteration(opsPerSecond, opsPerSecond * 4096, 0, 1.0)),
                latency, 0.0002, 300_000_000, 0.0001, List.of());
    }

    private static BenchResults results() {
        ServerResult stratus = ServerResult.ran("stratus", "jar", Duration.ofSeconds(4));
        stratus.record("get-4k", measured(16, 6000, 2000));
        stratus.record("propfind-1000", measured(16, 300, 40_000));
        ServerResult apache = ServerResult.ran("apache", "httpd", Duration.ofSeconds(1));
        apache.record("get-4k", measured(16, 1000, 15000));
        apache.record("propfind-1000", measured(16, 100, 150_000));
        ServerResult noauth = ServerResult.ran("apache-noauth", "httpd", Duration.ofSeconds(1));
        noauth.record("get-4k", measured(16, 20000, 800));
        return new BenchResults(Instant.parse("2026-11-25T12:00:00Z"), "quick", "2 cores", "JDK HttpClient",
                List.of(stratus, apache, noauth, ServerResult.skipped("nginx", "missing packages: nginx")), 5000);
    }

    @Test
    void goalsAreStratusRatiosToEachPeerAtTheSameConcurrency() {
        List<Goals.Goal> goals = Goals.evaluate(results());
        assertThat(goals).filteredOn(g -> g.workload().equals("get-4k") && g.against().equals("apache"))
                .singleElement().satisfies(g -> {
                    assertThat(g.measured()).isEqualTo(6.0);
                    assertThat(g.met()).isTrue();
                });
        assertThat(goals).filteredOn(g -> g.workload().equals("get-4k") && g.against().equals("apache-noauth"))
                .singleElement().satisfies(g -> {
                    assertThat(g.measured()).isEqualTo(0.3);
                    assertThat(g.met()).isFalse();
                });
        assertThat(goals).filteredOn(g -> g.workload().equals("put-4k")).allSatisfy(g ->
                assertThat(g.status()).isEqualTo("not measured"));
        assertThat(goals).filteredOn(Goals.Goal::lowerIsBetter).singleElement().satisfies(g -> {
            assertThat(g.measured()).isEqualTo(40.0, org.assertj.core.data.Offset.offset(0.1));
            assertThat(g.met()).isTrue();
        });
    }

    @Test
    void jsonHasTheShapeTheIssueAsksFor() {
        JsonNode root = JsonMapper.builder().build().readTree(JsonReport.render(results()));
        JsonNode getSmall = root.get("workloads").get(0);
        assertThat(getSmall.get("name").asString()).isEqualTo("get-4k");
        assertThat(getSmall.get("concurrency").asInt()).isEqualTo(16);
        JsonNode row = getSmall.get("results").get(0);
        assertThat(row.get("server").asString()).isEqualTo("stratus");
        for (String field : List.of("ops_per_s", "mb_per_s", "p50_ms", "p99_ms", "errors")) {
            assertThat(row.has(field)).as(field).isTrue();
        }
        assertThat(row.get("ops_per_s").asDouble()).isEqualTo(6000.0);
        assertThat(row.get("p99_ms").asDouble()).isEqualTo(2.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(root.get("servers").get(3).get("skipped").asString()).contains("nginx");
    }

    @Test
    void chartIsAPngOfEveryMeasuredServer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path png = dir.resolve("chart.png");
        ChartReport.write(results(), png);
        byte[] bytes = java.nio.file.Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void markdownShowsEveryServerWithStratusRatioAndTheGoals() {
        String markdown = MarkdownReport.render(results());
        assertThat(markdown).contains("## get-4k, concurrency 16")
                .contains("| apache | 1000 |").contains("6.00x")
                .contains("| get-4k | apache | >= 5.0x | 6.00x (c=16) | met |")
                .contains("| get-4k | apache-noauth | >= 0.5x | 0.30x (c=16) | MISSED |")
                .contains("nginx | - | not measured: missing packages: nginx");
    }
}
