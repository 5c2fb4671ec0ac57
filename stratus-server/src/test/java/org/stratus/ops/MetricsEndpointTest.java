package org.stratus.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;

/** Every metric of docs/observability/metrics.md is exposed, moves with traffic, and has no high-cardinality label. */
class MetricsEndpointTest {

    private static final String SECRET_NAME = "customer-secret-report.txt";
    private static StratusTestServer server;
    private static String metrics;

    @BeforeAll
    static void startAndDriveTraffic() {
        server = StratusTestServer.start();
        DavClient dav = DavClient.admin(server);
        String root = "/remote.php/dav/files/admin/";
        assertThat(dav.put(root + SECRET_NAME, new byte[4096]).statusCode()).isEqualTo(201);
        assertThat(dav.get(root + SECRET_NAME).statusCode()).isEqualTo(200);
        assertThat(dav.propfind(root, "1", null).statusCode()).isEqualTo(207);
        assertThat(dav.get(root + "missing.txt").statusCode()).isEqualTo(404);
        assertThat(new DavClient(server, "admin", "wrong-password").get(root).statusCode()).isEqualTo(401);
        assertThat(dav.send("LOCK", root + SECRET_NAME, "<d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/>"
                + "</d:lockscope><d:locktype><d:write/></d:locktype></d:lockinfo>").statusCode()).isEqualTo(200);
        assertThat(dav.send("GET", "/ocs/v1.php/cloud/capabilities?format=json").statusCode()).isEqualTo(200);
        metrics = new DavClient(server, null, null).send("GET", "/actuator/prometheus").body();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void requestsAreCountedByProtocolOperationAndStatus() {
        assertThat(value("stratus_requests_seconds_count", "operation=\"PUT\",protocol=\"dav\",status=\"201\","
                + "status_class=\"2xx\"")).isEqualTo(1);
        assertThat(value("stratus_requests_seconds_count", "operation=\"GET\",protocol=\"dav\",status=\"404\","
                + "status_class=\"4xx\"")).isEqualTo(1);
        assertThat(value("stratus_requests_seconds_count", "operation=\"GET\",protocol=\"dav\",status=\"401\","
                + "status_class=\"4xx\"")).isEqualTo(1);
        assertThat(value("stratus_requests_seconds_count", "operation=\"capabilities\",protocol=\"ocs\","
                + "status=\"200\",status_class=\"2xx\"")).isEqualTo(1);
        assertThat(metrics).contains("stratus_requests_seconds_bucket{operation=\"PROPFIND\",protocol=\"dav\","
                + "status=\"207\",status_class=\"2xx\",le=\"0.5\"}");
    }

    @Test
    void transfersStorageDatabaseJobsAndBuildAreExposed() {
        assertThat(value("stratus_upload_bytes_total", "")).isEqualTo(4096);
        assertThat(value("stratus_download_bytes_total", "")).isEqualTo(4096);
        assertThat(value("stratus_upload_seconds_count", "outcome=\"success\"")).isEqualTo(1);
        assertThat(value("stratus_download_seconds_count", "outcome=\"success\"")).isEqualTo(1);
        assertThat(value("stratus_uploads_in_progress", "")).isZero();
        assertThat(value("stratus_dav_locks_active", "")).isEqualTo(1);
        assertThat(value("stratus_sessions_active", "")).isZero(); // API clients use Basic auth, no session
        assertThat(value("stratus_blobstore_operation_seconds_count",
                "backend=\"filesystem\",operation=\"put\",outcome=\"success\"")).isEqualTo(1);
        assertThat(value("stratus_blobstore_operation_seconds_count",
                "backend=\"filesystem\",operation=\"put\",outcome=\"error\"")).isZero();
        assertThat(value("stratus_blobstore_retries_total", "backend=\"filesystem\",operation=\"get\"")).isZero();
        assertThat(value("stratus_blobstore_free_bytes", "backend=\"filesystem\"")).isPositive();
        assertThat(value("stratus_blobstore_capacity_bytes", "backend=\"filesystem\"")).isPositive();
        assertThat(value("stratus_db_unavailable_total", "")).isZero();
        assertThat(value("stratus_db_retries_total", "")).isZero();
        assertThat(value("stratus_job_runs_total", "outcome=\"error\",task=\"maintenance\"")).isZero();
        assertThat(metrics).contains("stratus_job_duration_seconds_count{task=\"maintenance\"}",
                "stratus_job_last_success_timestamp_seconds{task=\"maintenance\"}", "stratus_build_info{version=",
                "hikaricp_connections_active{pool=\"stratus-db\"}", "hikaricp_connections_pending{pool=\"stratus-db\"}",
                "jvm_memory_used_bytes", "process_cpu_usage");
    }

    @Test
    void noLabelCarriesAUserAPathOrAFileId() {
        for (String line : metrics.lines().filter(l -> !l.startsWith("#")).toList()) {
            assertThat(line).doesNotContain(SECRET_NAME, "admin", "/remote.php");
        }
        List<String> stratusNames = metrics.lines().filter(l -> l.startsWith("stratus_"))
                .map(l -> l.replaceAll("[{ ].*", "")).distinct().toList();
        assertThat(stratusNames).allMatch(name -> name.matches("stratus_[a-z_]+"));
    }

    private static double value(String name, String labels) {
        String series = labels.isEmpty() ? name : name + "{" + labels + "}";
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        assertThat(matcher.find()).as("series %s in:%n%s", series, metrics.lines()
                .filter(l -> l.startsWith(name)).toList()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
