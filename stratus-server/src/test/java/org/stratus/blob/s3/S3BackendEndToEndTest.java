package org.stratus.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratus.testing.DavClient;
import org.stratus.testing.S3ProxyServer;
import org.stratus.testing.StratusTestServer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A whole Stratus server with {@code stratus.blob.backend=s3} on a real S3 server: files written, read and deleted
 * over WebDAV appear in and disappear from the bucket, and only there.
 */
class S3BackendEndToEndTest {

    private static final String FILES = "/remote.php/dav/files/admin/";
    private static S3ProxyServer s3;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void filesWrittenOverWebDavLiveInTheBucketAndLeaveItWhenDeleted() throws Exception {
        String bucket = s3.createBucket("end-to-end");
        StratusTestServer.Builder builder = StratusTestServer.builder();
        s3.properties(bucket, "stratus/").forEach(builder::property);
        try (StratusTestServer server = builder.start(); S3Client client = s3.client()) {
            DavClient dav = DavClient.admin(server);
            byte[] small = random(10_000, 1);
            byte[] large = random(11 * 1024 * 1024 + 17, 2); // a multipart upload: 1 MiB threshold, 5 MiB parts

            assertThat(dav.put(FILES + "small.bin", small).statusCode()).isEqualTo(201);
            assertThat(dav.put(FILES + "large.bin", large).statusCode()).isEqualTo(201);

            Map<String, Long> objects = sizesInBucket(client, bucket);
            assertThat(objects).hasSize(2).allSatisfy((key, size) -> assertThat(key).startsWith("stratus/"));
            assertThat(objects.values()).containsExactlyInAnyOrder((long) small.length, (long) large.length);
            assertThat(server.dataDir().resolve("blobs")).doesNotExist();

            assertThat(dav.get(FILES + "small.bin").body()).isEqualTo(small);
            assertThat(sha256(dav.get(FILES + "large.bin").body())).isEqualTo(sha256(large));
            int boundary = 5 * 1024 * 1024;
            var range = dav.get(FILES + "large.bin", "Range", "bytes=" + (boundary - 10) + "-" + (boundary + 9));
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(large, boundary - 10, boundary + 10));

            byte[] replaced = random(5_000, 3);
            assertThat(dav.put(FILES + "small.bin", replaced).statusCode()).isEqualTo(204);
            Map<String, Long> afterOverwrite = sizesInBucket(client, bucket);
            assertThat(afterOverwrite.values()).containsExactlyInAnyOrder((long) replaced.length, (long) large.length);
            assertThat(afterOverwrite.keySet()).doesNotContainAnyElementsOf(keysOfSize(objects, small.length));

            assertThat(dav.send("DELETE", FILES + "large.bin").statusCode()).isEqualTo(204);
            assertThat(sizesInBucket(client, bucket).values()).containsExactly((long) replaced.length);
            assertThat(dav.send("DELETE", FILES + "small.bin").statusCode()).isEqualTo(204);
            assertThat(sizesInBucket(client, bucket)).isEmpty();

            String metrics = dav.send("GET", "/actuator/prometheus").body();
            assertThat(metrics)
                    .contains("stratus_blobstore_operation_seconds_count{backend=\"s3\",operation=\"put\","
                            + "outcome=\"success\"} 3")
                    .contains("stratus_blobstore_retries_total{backend=\"s3\",operation=\"get\"}")
                    .doesNotContain("stratus_blobstore_free_bytes");
        }
    }

    @Test
    void aServerWhoseBucketDoesNotExistRefusesToStartAndSaysWhy() {
        StratusTestServer.Builder builder = StratusTestServer.builder();
        s3.properties("no-such-bucket", "").forEach(builder::property);

        Throwable thrown = catchThrowable(builder::start);

        List<String> messages = new ArrayList<>();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        assertThat(messages).anySatisfy(message -> assertThat(message)
                .contains("Cannot use S3 bucket 'no-such-bucket'").contains("stratus.blob.s3"));
    }

    private static List<String> keysOfSize(Map<String, Long> objects, long size) {
        return objects.entrySet().stream().filter(e -> e.getValue() == size).map(Map.Entry::getKey).toList();
    }

    private static Map<String, Long> sizesInBucket(S3Client client, String bucket) {
        return client.listObjectsV2Paginator(request -> request.bucket(bucket)).contents().stream()
                .collect(Collectors.toMap(S3Object::key, S3Object::size));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
