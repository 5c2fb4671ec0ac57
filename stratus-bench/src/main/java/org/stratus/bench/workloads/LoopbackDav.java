package org.stratus.bench.workloads;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.stratus.bench.load.Content;

/**
 * A WebDAV server inside the bench's own JVM that answers every request the load generator sends with the status
 * it expects and next to no work: GET of a few fixed files, PUT read and thrown away, PROPFIND from two canned
 * multistatus bodies, MKCOL, MOVE, COPY and DELETE with their success status and nothing done. It exists only for
 * {@link ClientWarmup}: the JDK's own HTTP server, on 127.0.0.1 and a port the kernel picks, so nothing is added to
 * the classpath.
 */
final class LoopbackDav implements AutoCloseable {

    static final String ROOT = "/files/";
    /** Requests handled at once; the handlers only copy bytes, so two cores need no more. */
    private static final int HANDLER_THREADS = 4;
    /** Connections the kernel queues before they are accepted: every worker connects at the same moment. */
    private static final int BACKLOG = 256;

    private final HttpServer server;
    private final ExecutorService handlers;

    private LoopbackDav(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * Serves {@code files} (paths relative to {@link #ROOT}) and answers a PROPFIND Depth 1 with {@code listed}
     * entries besides the folder itself.
     */
    static LoopbackDav start(Map<String, Content> files, int listed) {
        // The JDK server leaves Nagle's algorithm on unless told otherwise, read once when it is first used: a
        // response's headers and body then go in two segments and the second waits for the client's delayed ACK,
        // 40 ms a request. Nothing else in the bench uses this server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, byte[]> bodies = new HashMap<>();
        files.forEach((path, content) -> bodies.put(ROOT + path, bytes(content)));
        byte[] etag = multistatus(0);
        byte[] listing = multistatus(listed);
        ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "loopback-dav");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
            server.setExecutor(handlers);
            server.createContext(ROOT, exchange -> {
                try (exchange) {
                    exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                    String path = exchange.getRequestURI().getRawPath();
                    switch (exchange.getRequestMethod()) {
                        case "GET" -> {
                            byte[] body = bodies.get(path);
                            if (body == null) {
                                exchange.sendResponseHeaders(404, -1);
                            } else {
                                send(exchange, 200, "application/octet-stream", body);
                            }
                        }
                        case "PROPFIND" -> send(exchange, 207, "application/xml; charset=utf-8",
                                "0".equals(exchange.getRequestHeaders().getFirst("Depth")) ? etag : listing);
                        case "PUT", "MKCOL", "MOVE", "COPY" -> exchange.sendResponseHeaders(201, -1);
                        case "DELETE" -> exchange.sendResponseHeaders(204, -1);
                        default -> exchange.sendResponseHeaders(405, -1);
                    }
                }
            });
            server.start();
            return new LoopbackDav(server, handlers);
        } catch (IOException e) {
            handlers.shutdownNow();
            throw new UncheckedIOException("Could not start the loopback WebDAV server", e);
        }
    }

    URI root() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + ROOT);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] bytes(Content content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) content.length());
        try {
            content.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The folder and {@code entries} files in it, with the properties a sync client asks for, as servers send them. */
    private static byte[] multistatus(int entries) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<d:multistatus xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\">\n");
        response(xml, ROOT, "<d:resourcetype><d:collection/></d:resourcetype>", 0);
        for (int i = 0; i < entries; i++) {
            response(xml, ROOT + String.format("file-%05d.txt", i), "<d:resourcetype/>", 16);
        }
        return xml.append("</d:multistatus>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void response(StringBuilder xml, String href, String resourceType, long length) {
        xml.append("<d:response><d:href>").append(href).append("</d:href><d:propstat><d:prop>").append(resourceType)
                .append("<d:getlastmodified>Wed, 25 Nov 2026 12:00:00 GMT</d:getlastmodified>")
                .append("<d:getcontentlength>").append(length).append("</d:getcontentlength>")
                .append("<d:getetag>\"").append(Integer.toHexString(href.hashCode())).append("\"</d:getetag>")
                .append("<oc:id>").append(Math.abs(href.hashCode())).append("</oc:id>")
                .append("<oc:permissions>RDNVW</oc:permissions><oc:size>").append(length).append("</oc:size>")
                .append("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>\n");
    }
}
