package org.stratus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code ./stratus bench} from rotting: the real command, against the real Stratus jar, with a few tiny
 * workloads, must produce the report and the JSON with measured, error-free figures. Not a performance test:
 * nothing here depends on how fast anything is.
 */
class BenchSmokeTest {

    @Test
    void benchMeasuresStratusAndWritesTheTableAndTheJson(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.md");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = new CommandLine(new BenchCommand()).execute("--smoke", "--servers", "stratus",
                    "--workloads", "get-4k,put-4k,etag-poll", "--concurrency", "2",
                    "--report", report.toString(), "--work-dir", dir.resolve("work").toString(),
                    "--server-jar", System.getProperty("stratus.jar"), "--no-install");
        } finally {
            System.setOut(original);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).as("the client is warmed up before the first server").containsPattern(
                "Client warm-up: \\d+ ops in [\\d.]+ s(?s).*stratus: starting");
        assertThat(output).as("the server is warmed up before it is measured").containsPattern(
                "stratus: warmed up in 3 rounds(?s).*stratus +get-4k");

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("report.json")));
        assertThat(json.get("servers").get(0).get("skipped").isNull()).as(output).isTrue();
        assertThat(json.get("workloads")).extracting(w -> w.get("name").asString())
                .containsExactly("get-4k", "put-4k", "etag-poll");
        for (JsonNode workload : json.get("workloads")) {
            JsonNode row = workload.get("results").get(0);
            assertThat(row.get("server").asString()).isEqualTo("stratus");
            assertThat(row.get("ops_per_s").asDouble()).as(workload.toString()).isPositive();
            assertThat(row.get("errors").asLong()).as(workload.toString()).isZero();
            assertThat(row.get("p99_ms").asDouble()).isPositive();
            assertThat(row.get("server_memory_mb").asDouble()).as("server memory sampled").isPositive();
        }
        assertThat(Files.readString(report)).contains("## get-4k, concurrency 2").contains("| stratus |");
    }
}
