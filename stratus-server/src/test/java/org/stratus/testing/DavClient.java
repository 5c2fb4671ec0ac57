package org.stratus.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small HTTP client for tests: Basic auth, any method, string or byte bodies. */
public final class DavClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String authorization;

    public DavClient(StratusTestServer server, String user, String password) {
        this(server.baseUrl(), user, password);
    }

    public DavClient(String baseUrl, String user, String password) {
        this.base = baseUrl;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static DavClient admin(StratusTestServer server) {
        return new DavClient(server, StratusTestServer.ADMIN, StratusTestServer.ADMIN_PASSWORD);
    }

    /** Starts a request to {@code path} (absolute path on the server, already encoded). */
    public HttpRequest.Builder request(String method, String path, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> send(String method, String path) {
        return send(request(method, path, null));
    }

    public HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = request(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder);
    }

    public HttpResponse<String> put(String path, byte[] content, String... headers) {
        HttpRequest.Builder builder = request("PUT", path, content);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder);
    }

    public HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder builder = request("GET", path, null);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return sendForBytes(builder);
    }

    public HttpResponse<String> propfind(String path, String depth, String body) {
        return send("PROPFIND", path, body, "Depth", depth, "Content-Type", "application/xml");
    }
}
