package org.stratus.bench.peers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.stratus.bench.peers.Peer.Credentials;

/** The few WebDAV requests the peer tests make, with the JDK client, authenticated unless told otherwise. */
final class DavClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI root;
    private final Optional<Credentials> credentials;

    DavClient(URI root, Optional<Credentials> credentials) {
        this.root = root;
        this.credentials = credentials;
    }

    DavClient anonymous() {
        return new DavClient(root, Optional.empty());
    }

    URI uri(String path) {
        return root.resolve(path);
    }

    HttpResponse<byte[]> send(String method, String path, HttpRequest.BodyPublisher body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        credentials.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> put(String path, byte[] content) throws IOException, InterruptedException {
        return send("PUT", path, BodyPublishers.ofByteArray(content));
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send("GET", path, BodyPublishers.noBody());
    }

    HttpResponse<byte[]> mkcol(String path) throws IOException, InterruptedException {
        return send("MKCOL", path, BodyPublishers.noBody());
    }

    HttpResponse<byte[]> delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, BodyPublishers.noBody());
    }

    HttpResponse<byte[]> propfind(String path, String depth) throws IOException, InterruptedException {
        String body = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:allprop/></d:propfind>";
        return send("PROPFIND", path, BodyPublishers.ofString(body), "Depth", depth,
                "Content-Type", "application/xml");
    }

    /** MOVE or COPY to another path of the same root, by absolute URI as clients send it. */
    HttpResponse<byte[]> transfer(String method, String from, String to, boolean overwrite)
            throws IOException, InterruptedException {
        return send(method, from, BodyPublishers.noBody(), "Destination", uri(to).toString(),
                "Overwrite", overwrite ? "T" : "F");
    }
}
