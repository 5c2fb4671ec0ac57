package org.stratus.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.EntityTemplate;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.stratus.bench.peers.Peer.Credentials;

/**
 * The load generator's WebDAV client: Apache HttpClient 5 classic over HTTP/1.1 keep-alive, with the Basic
 * credentials sent on every request as a sync client does (a challenge-driven client would wait for a 401 first
 * and double every request). Classic means blocking I/O: the worker that sends a request reads its response on
 * the same socket, with no selector thread or executor in between. The JDK's HttpClient, used before, moved every
 * response through both and cost the load generator several times the CPU per request of this one, on the cores
 * the server under test needs (docs/benchmark.md has the figures).
 *
 * <p>Paths are relative to the peer's files root and already URL-safe (the bench only uses ASCII names). Every
 * call checks the status it must get and throws {@link UnexpectedResponse} otherwise; every response is read to
 * its end, so that its connection goes back to the pool.
 */
public final class DavHttp implements AutoCloseable {

    /** What a Nextcloud sync client asks for when it lists a folder. */
    static final String SYNC_PROPFIND = """
            <?xml version="1.0" encoding="utf-8"?>
            <d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">
              <d:prop>
                <d:resourcetype/><d:getlastmodified/><d:getcontentlength/><d:getetag/>
                <oc:id/><oc:permissions/><oc:size/>
              </d:prop>
            </d:propfind>
            """;

    /** The sync client's most frequent request: has anything changed under the root? */
    static final String ETAG_PROPFIND = """
            <?xml version="1.0" encoding="utf-8"?>
            <d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>
            """;

    private static final ContentType XML = ContentType.create("application/xml", StandardCharsets.UTF_8);
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(10);
    private static final Timeout RESPONSE_TIMEOUT = Timeout.ofMinutes(10);

    private final CloseableHttpClient client;
    private final URI root;
    private final Optional<String> authorization;

    private DavHttp(CloseableHttpClient client, URI root, Optional<Credentials> credentials) {
        this.client = client;
        this.root = root;
        this.authorization = credentials.map(Credentials::basicAuthorization);
    }

    /**
     * A client with its own pool of up to {@code connections} keep-alive connections to the peer. It must be at least
     * the most requests ever in flight at once: a worker that waited for a free connection would be measured waiting
     * on the client, not on the server.
     */
    public static DavHttp open(URI root, Optional<Credentials> credentials, int connections) {
        var pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                // The most recently used connection first: at a low concurrency after a high one, the idle extras
                // stay idle instead of each being revalidated in turn.
                .setConnPoolPolicy(PoolReusePolicy.LIFO)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(CONNECT_TIMEOUT)
                        .setSocketTimeout(RESPONSE_TIMEOUT)
                        // A connection idle this long may have been closed by the server (every peer keeps idle ones
                        // 60 s); a request on it would fail, and nothing retries. Checking costs a 1 ms read, so only
                        // connections idle between workloads pay it, never a worker in its loop.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(RESPONSE_TIMEOUT).build())
                // A failed request is an error to count, not one to hide by sending it again.
                .disableAutomaticRetries()
                // WebDAV's 3xx are answers to check, and none of the rest is something a sync client does per request.
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .disableConnectionState()
                .build();
        return new DavHttp(client, root, credentials);
    }

    public URI uri(String path) {
        return root.resolve(path);
    }

    /** PUT of a body, streamed with its Content-Length (not chunked); returns the bytes sent. */
    public long put(String path, Body body) throws IOException {
        ClassicHttpRequest request = request("PUT", path);
        request.setEntity(new EntityTemplate(body.length(), null, null, body::writeTo));
        execute(request, response -> expect(response, "PUT " + path, 200, 201, 204));
        return body.length();
    }

    /**
     * GET that streams the whole body through a CRC32C, without holding it (up to 256 MiB), and checks its length
     * and checksum; returns the bytes received.
     */
    public long getVerified(String path, Checksum expected) throws IOException {
        return execute(request("GET", path), response -> {
            expect(response, "GET " + path, 200);
            CRC32C crc = new CRC32C();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            if (response.getEntity() != null) {
                try (InputStream in = response.getEntity().getContent()) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        crc.update(buffer, 0, n);
                        total += n;
                    }
                }
            }
            if (total != expected.length() || crc.getValue() != expected.crc32c()) {
                throw new UnexpectedResponse("GET " + path + " returned " + total + " bytes with CRC32C "
                        + Long.toHexString(crc.getValue()) + ", expected " + expected);
            }
            return total;
        });
    }

    /** PROPFIND of the properties a sync client lists a folder with; returns the multistatus body. */
    public String propfindBody(String path, int depth) throws IOException {
        byte[] body = propfind(path, depth, SYNC_PROPFIND);
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * PROPFIND Depth 0 of the ETag alone; returns the response size. Only the 207 is checked: nginx's dav-ext
     * answers a fixed property set without any ETag, which its description in the report says.
     */
    public long etagPoll(String path) throws IOException {
        return propfind(path, 0, ETAG_PROPFIND).length;
    }

    private byte[] propfind(String path, int depth, String body) throws IOException {
        ClassicHttpRequest request = request("PROPFIND", path);
        request.setHeader("Depth", Integer.toString(depth));
        request.setEntity(new StringEntity(body, XML));
        return execute(request, response -> {
            expect(response, "PROPFIND " + path, 207);
            return response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
        });
    }

    public void mkcol(String path) throws IOException {
        execute(request("MKCOL", path), response -> expect(response, "MKCOL " + path, 201));
    }

    /**
     * MOVE without overwriting: the destination must not exist. Collections take a trailing slash on both. 204 is
     * accepted as well as 201 because nginx answers 204 even when it created the target.
     */
    public void move(String from, String to) throws IOException {
        ClassicHttpRequest request = request("MOVE", from);
        request.setHeader("Destination", uri(to).toString());
        request.setHeader("Overwrite", "F");
        execute(request, response -> expect(response, "MOVE " + from, 201, 204));
    }

    /** COPY Depth infinity without overwriting. */
    public void copy(String from, String to) throws IOException {
        ClassicHttpRequest request = request("COPY", from);
        request.setHeader("Destination", uri(to).toString());
        request.setHeader("Overwrite", "F");
        request.setHeader("Depth", "infinity");
        execute(request, response -> expect(response, "COPY " + from, 201, 204));
    }

    public void delete(String path) throws IOException {
        execute(request("DELETE", path), response -> expect(response, "DELETE " + path, 200, 204));
    }

    /** DELETE that also accepts 404, for cleaning up before a run. */
    public void deleteIfPresent(String path) throws IOException {
        execute(request("DELETE", path), response -> expect(response, "DELETE " + path, 200, 204, 404));
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    private ClassicHttpRequest request(String method, String path) {
        ClassicHttpRequest request = new BasicClassicHttpRequest(method, uri(path));
        authorization.ifPresent(value -> request.setHeader("Authorization", value));
        return request;
    }

    /**
     * Runs the request on a pooled connection in the calling thread. After the handler, the client reads whatever
     * it left of the body, so that the connection is reused; the handler's unchecked exceptions pass through.
     */
    private <T> T execute(ClassicHttpRequest request, HttpClientResponseHandler<T> handler) throws IOException {
        return client.execute(request, handler);
    }

    /**
     * Returns null for the handlers that need no value. On any other status the (small) error body is read first,
     * so that the connection survives the error.
     */
    private static <T> T expect(ClassicHttpResponse response, String what, int... statuses) throws IOException {
        for (int status : statuses) {
            if (response.getCode() == status) {
                return null;
            }
        }
        EntityUtils.consume(response.getEntity());
        throw new UnexpectedResponse(what, response.getCode());
    }

    /** A request body the bench can send again and again, with the checksum a later GET must return. */
    public interface Body {
        /** Writes all {@link #length()} bytes; called once per request that sends it. */
        void writeTo(OutputStream out) throws IOException;

        long length();
    }

    public record Checksum(long length, long crc32c) {
        @Override
        public String toString() {
            return length + " bytes with CRC32C " + Long.toHexString(crc32c);
        }
    }

    /** A status or body the workload did not expect: counted as an error, the first few are reported. */
    public static final class UnexpectedResponse extends RuntimeException {
        private final int status;

        UnexpectedResponse(String what, int status) {
            super(what + " answered " + status);
            this.status = status;
        }

        public UnexpectedResponse(String message) {
            super(message);
            this.status = 0;
        }

        /** The status that was not expected; 0 when the status was right and the body was not. */
        public int status() {
            return status;
        }
    }
}
