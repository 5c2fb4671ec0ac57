package org.stratus.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.stratus.bench.peers.Peer.Credentials;

/**
 * The load generator's WebDAV client: the JDK's HttpClient over HTTP/1.1 keep-alive, with the Basic credentials
 * sent on every request as a sync client does (the JDK's Authenticator would wait for a 401 first and double
 * every request). Paths are relative to the peer's files root and already URL-safe (the bench only uses
 * ASCII names). Every call checks the status it must get and throws {@link UnexpectedResponse} otherwise.
 */
public final class DavHttp {

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

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient client;
    private final URI root;
    private final Optional<String> authorization;

    public DavHttp(HttpClient client, URI root, Optional<Credentials> credentials) {
        this.client = client;
        this.root = root;
        this.authorization = credentials.map(Credentials::basicAuthorization);
    }

    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI uri(String path) {
        return root.resolve(path);
    }

    /** PUT of a body; returns the bytes sent. */
    public long put(String path, Body body) throws IOException, InterruptedException {
        HttpResponse<Void> response = send(request(path).PUT(body.publisher()), BodyHandlers.discarding());
        expect(response, "PUT " + path, 200, 201, 204);
        return body.length();
    }

    /** GET that reads the whole body and checks its length and CRC32C; returns the bytes received. */
    public long getVerified(String path, Checksum expected) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(request(path).GET(), BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new UnexpectedResponse("GET " + path, response.statusCode());
            }
            CRC32C crc = new CRC32C();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
                total += n;
            }
            if (total != expected.length() || crc.getValue() != expected.crc32c()) {
                throw new UnexpectedResponse("GET " + path + " returned " + total + " bytes with CRC32C "
                        + Long.toHexString(crc.getValue()) + ", expected " + expected);
            }
            return total;
        }
    }

    /** PROPFIND of the properties a sync client lists a folder with; returns the multistatus body. */
    public String propfindBody(String path, int depth) throws IOException, InterruptedException {
        return propfind(path, depth, SYNC_PROPFIND);
    }

    /**
     * PROPFIND Depth 0 of the ETag alone; returns the response size. Only the 207 is checked: nginx's dav-ext
     * answers a fixed property set without any ETag, which its description in the report says.
     */
    public long etagPoll(String path) throws IOException, InterruptedException {
        return propfind(path, 0, ETAG_PROPFIND).length();
    }

    private String propfind(String path, int depth, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request(path)
                .header("Depth", Integer.toString(depth))
                .header("Content-Type", "application/xml; charset=utf-8")
                .method("PROPFIND", BodyPublishers.ofString(body)), BodyHandlers.ofString());
        expect(response, "PROPFIND " + path, 207);
        return response.body();
    }

    public void mkcol(String path) throws IOException, InterruptedException {
        expect(send(request(path).method("MKCOL", BodyPublishers.noBody()), BodyHandlers.discarding()),
                "MKCOL " + path, 201);
    }

    /**
     * MOVE without overwriting: the destination must not exist. Collections take a trailing slash on both. 204 is
     * accepted as well as 201 because nginx answers 204 even when it created the target.
     */
    public void move(String from, String to) throws IOException, InterruptedException {
        expect(send(request(from).header("Destination", uri(to).toString()).header("Overwrite", "F")
                .method("MOVE", BodyPublishers.noBody()), BodyHandlers.discarding()), "MOVE " + from, 201, 204);
    }

    /** COPY Depth infinity without overwriting. */
    public void copy(String from, String to) throws IOException, InterruptedException {
        expect(send(request(from).header("Destination", uri(to).toString()).header("Overwrite", "F")
                .header("Depth", "infinity").method("COPY", BodyPublishers.noBody()), BodyHandlers.discarding()),
                "COPY " + from, 201, 204);
    }

    public void delete(String path) throws IOException, InterruptedException {
        expect(send(request(path).DELETE(), BodyHandlers.discarding()), "DELETE " + path, 200, 204);
    }

    /** DELETE that also accepts 404, for cleaning up before a run. */
    public void deleteIfPresent(String path) throws IOException, InterruptedException {
        expect(send(request(path).DELETE(), BodyHandlers.discarding()), "DELETE " + path, 200, 204, 404);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return client.send(request.build(), handler);
    }

    private static void expect(HttpResponse<?> response, String what, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new UnexpectedResponse(what, response.statusCode());
    }

    /** A request body the bench can send again and again, with the checksum a later GET must return. */
    public interface Body {
        BodyPublisher publisher();

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
        UnexpectedResponse(String what, int status) {
            super(what + " answered " + status);
        }

        public UnexpectedResponse(String message) {
            super(message);
        }
    }
}
