package org.stratus.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratus.blob.BlobStore;
import org.stratus.blob.BlobStoreContract;
import org.stratus.blob.Retrier;
import org.stratus.blob.RetryingBlobStore;
import org.stratus.blob.TransientBlobStoreException;
import org.stratus.config.StratusProperties;
import org.stratus.testing.FaultyTcpProxy;
import org.stratus.testing.S3ProxyServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The blob store contract against a real S3 server (s3proxy, see {@link S3ProxyServer} for why), a fresh bucket per
 * test, with a 1 MiB multipart threshold and 5 MiB parts; plus what only S3 has: multipart leftovers, checksums the
 * server verifies, a shared bucket, and retries through genuinely broken connections.
 */
class S3BlobStoreTest extends BlobStoreContract {

    private static final String PREFIX = "blobs/";
    private static S3ProxyServer server;
    private static int buckets;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private String bucket;
    private S3Client client;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private S3BlobStore s3Store;

    /**
     * The backend as the server wires it (BlobStoreConfiguration): inside a RetryingBlobStore. S3BlobStore retries
     * only the requests whose bodies it holds; a HEAD or GET sent on a keep-alive connection that s3proxy has just
     * closed fails with a broken pipe, a transient error that production retries one layer up. Without that layer
     * the contract would depend on whether a pooled connection survived (it failed that way, now and then). The
     * outer layer counts in a registry of its own, so the retry tests below still see only S3BlobStore's retries.
     */
    @Override
    protected BlobStore newStore() {
        bucket = server.createBucket("contract-" + (++buckets));
        client = server.client();
        s3Store = store(server.settings(bucket, PREFIX), 3);
        return new RetryingBlobStore(s3Store,
                new Retrier(3, Duration.ofMillis(10), Duration.ofMillis(100), "s3", new SimpleMeterRegistry()));
    }

    private S3BlobStore store(StratusProperties.S3 settings, int maxAttempts) {
        Retrier retrier = new Retrier(maxAttempts, Duration.ofMillis(10), Duration.ofMillis(100), "s3", registry);
        return new S3BlobStore(S3Clients.create(settings), settings.bucket(), settings.keyPrefix(),
                (int) settings.multipartThreshold().toBytes(), (int) settings.partSize().toBytes(), retrier);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Override
    protected void assertNoUploadLeftovers() {
        assertThat(client.listMultipartUploads(request -> request.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void blobsAreObjectsUnderTheKeyPrefix() throws IOException {
        String key = newKey();

        store().put(key, new ByteArrayInputStream(random(100, 1)));

        assertThat(client.listObjectsV2(request -> request.bucket(bucket)).contents())
                .extracting(object -> object.key(), object -> object.size())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(PREFIX + key, 100L));
    }

    @Test
    void objectsOutsideThePrefixOrNotNamedLikeBlobsAreNeverListed() throws IOException {
        String mine = newKey();
        store().put(mine, new ByteArrayInputStream(random(10, 2)));
        for (String foreign : List.of(newKey(), "other/" + newKey(), PREFIX + "notes.txt", PREFIX + "x/" + newKey())) {
            client.putObject(request -> request.bucket(bucket).key(foreign), RequestBody.fromString("not ours"));
        }

        assertThat(listed(Instant.now().plusSeconds(60))).containsExactly(mine);
    }

    @Test
    void theServerRefusesABodyThatDoesNotMatchItsCrc32c() {
        // What S3BlobStore relies on: the service checks the x-amz-checksum-crc32c it is sent. Proven here for the
        // server the tests run against, with a checksum of other bytes.
        String wrong = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> client.putObject(request -> request.bucket(bucket).key(PREFIX + newKey())
                .checksumCRC32C(wrong), RequestBody.fromString("some bytes")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("BadDigest"));
        assertThat(client.listObjectsV2(request -> request.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void abandonedMultipartUploadsAreAbortedAsStaleTemporaries() throws IOException {
        String key = newKey();
        client.createMultipartUpload(request -> request.bucket(bucket).key(PREFIX + key));
        S3BlobStore store = s3Store;

        assertThat(store.deleteStaleTemporaries(Instant.now().minus(Duration.ofHours(1)))).isZero();
        assertThat(store.deleteStaleTemporaries(Instant.now().plusSeconds(60))).isEqualTo(1);

        assertNoUploadLeftovers();
    }

    @Test
    void readsAreRetriedThroughResetConnectionsAndCounted() throws IOException {
        byte[] content = random(50_000, 3);
        String key = newKey();
        store().put(key, new ByteArrayInputStream(content));
        try (FaultyTcpProxy proxy = new FaultyTcpProxy(server.endpoint());
                S3BlobStore flaky = store(settingsVia(proxy), 4)) {
            BlobStore retrying = new RetryingBlobStore(flaky, retrier(4));

            proxy.breakConnections(2);

            try (InputStream in = retrying.get(key, 0, content.length)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            assertThat(retries("get")).isEqualTo(2);
        }
    }

    @Test
    void aStoreThatStaysDownFailsAfterTheLastAttemptWithATransientError() {
        try (FaultyTcpProxy proxy = new FaultyTcpProxy(server.endpoint());
                S3BlobStore flaky = store(settingsVia(proxy), 3)) {
            BlobStore retrying = new RetryingBlobStore(flaky, retrier(3));
            proxy.down(true);

            assertThatThrownBy(() -> retrying.get(newKey(), 0, 10)).isInstanceOf(TransientBlobStoreException.class);
            assertThatThrownBy(() -> retrying.delete(newKey())).isInstanceOf(TransientBlobStoreException.class);
            assertThat(retries("get")).isEqualTo(2);
            assertThat(retries("delete")).isEqualTo(2);
        }
    }

    @Test
    void aPartCutOffMidUploadIsSentAgainAndTheBlobIsIntact() throws IOException {
        byte[] content = random(LARGE, 4);
        String key = newKey();
        try (FaultyTcpProxy proxy = new FaultyTcpProxy(server.endpoint());
                S3BlobStore flaky = store(settingsVia(proxy), 4)) {
            AtomicInteger read = new AtomicInteger();
            // Once the first part is on its way, break the connections: the next part meets a reset, then a refusal.
            InputStream source = new TrickleInputStream(content) {
                @Override
                public synchronized int read(byte[] buffer, int offset, int length) {
                    int n = super.read(buffer, offset, length);
                    int before = read.getAndAdd(Math.max(n, 0));
                    if (before < 6 * 1024 * 1024 && before + n >= 6 * 1024 * 1024) {
                        proxy.breakConnections(1);
                    }
                    return n;
                }
            };

            flaky.put(key, source);
        }

        assertThat(sha256(read(key, 0, content.length))).isEqualTo(sha256(content));
        assertThat(retries("put")).isPositive();
        assertNoUploadLeftovers();
    }

    private StratusProperties.S3 settingsVia(FaultyTcpProxy proxy) {
        StratusProperties.S3 direct = server.settings(bucket, PREFIX);
        return new StratusProperties.S3(proxy.endpoint(), direct.region(), direct.bucket(), direct.accessKey(),
                direct.secretKey(), true, direct.multipartThreshold(), direct.partSize(), direct.keyPrefix(),
                direct.maxConnections(), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    private Retrier retrier(int maxAttempts) {
        return new Retrier(maxAttempts, Duration.ofMillis(10), Duration.ofMillis(100), "s3", registry);
    }

    private double retries(String operation) {
        return registry.get("stratus.blobstore.retries").tag("operation", operation).counter().count();
    }
}
