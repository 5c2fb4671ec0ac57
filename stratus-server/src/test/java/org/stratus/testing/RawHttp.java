package org.stratus.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand over a socket, for requests that {@link DavClient} (the JDK client) refuses to send:
 * raw request targets with encoded traversal or invalid escapes, a Content-Length that lies, bodies cut off
 * mid-way. Every request is sent with {@code Connection: close}, so the response is whatever arrives until EOF.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 30_000;

    private final String host;
    private final int port;

    public RawHttp(StratusTestServer server) {
        this("127.0.0.1", server.port());
    }

    public RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** An {@code Authorization} header line value for HTTP Basic. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The admin's {@code Authorization} value. */
    public static String admin() {
        return basic(StratusTestServer.ADMIN, StratusTestServer.ADMIN_PASSWORD);
    }

    /**
     * Sends {@code method target HTTP/1.1}, the given header lines ({@code "Name: value"}) plus Host and
     * Connection: close, then {@code body} as-is (the caller writes Content-Length or chunk framing into the
     * headers and body), half-closes the socket and reads the whole response.
     */
    public Response exchange(String method, String target, List<String> headers, byte[] body) {
        try (Exchange exchange = open(method, target, headers)) {
            exchange.write(body);
            return exchange.finish();
        }
    }

    public Response exchange(String method, String target, String... headers) {
        return exchange(method, target, List.of(headers), new byte[0]);
    }

    /** Sends the request head and leaves the socket open for a body written piece by piece. */
    public Exchange open(String method, String target, List<String> headers) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            Exchange exchange = new Exchange(socket);
            exchange.write(head(method, target, headers));
            return exchange;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException(e);
        }
    }

    /** One request on its own connection. */
    public static final class Exchange implements AutoCloseable {

        private final Socket socket;

        private Exchange(Socket socket) {
            this.socket = socket;
        }

        public Exchange write(byte[] bytes) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Half-closes the socket (a server still waiting for announced bytes sees the end of the stream, not a
         * timeout) and reads the whole response.
         */
        public Response finish() {
            try {
                socket.shutdownOutput();
                return Response.read(socket.getInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Reads only the status line of the first response the server sends, leaving the request body unfinished:
         * what the server answers before (or instead of) reading the rest.
         */
        public int readStatus() {
            try {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                    line.write(b);
                }
                String[] status = line.toString(StandardCharsets.ISO_8859_1).trim().split(" ", 3);
                if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
                    throw new IOException("Not an HTTP/1.x status line: " + line);
                }
                return Integer.parseInt(status[1]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Drops the connection with a TCP reset, without reading anything: a client that crashed or lost its
         * network mid-upload. The server's next read fails at once instead of seeing a clean end of stream.
         */
        public void abort() {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private byte[] head(String method, String target, List<String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A parsed response; a chunked body is already de-chunked. */
    public record Response(int status, List<String> headerLines, byte[] body) {

        /** The first value of a header, case-insensitive; null when absent. */
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        static Response read(InputStream in) throws IOException {
            byte[] all = in.readAllBytes();
            int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            if (end < 0) {
                throw new IOException("No complete response head in " + all.length + " bytes: "
                        + new String(all, StandardCharsets.ISO_8859_1));
            }
            String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new IOException("Not an HTTP/1.x status line: " + lines[0]);
            }
            List<String> headerLines = new ArrayList<>(List.of(lines).subList(1, lines.length));
            byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
            Response response = new Response(Integer.parseInt(statusLine[1]), headerLines, body);
            if ("chunked".equalsIgnoreCase(response.header("Transfer-Encoding"))) {
                return new Response(response.status(), headerLines, dechunk(body));
            }
            return response;
        }

        private static byte[] dechunk(byte[] chunked) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int pos = 0;
            while (true) {
                int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, pos);
                if (lineEnd < 0) {
                    throw new IOException("Truncated chunked response");
                }
                String sizeField = new String(chunked, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
                int size = Integer.parseInt(sizeField.split(";")[0].trim(), 16);
                if (size == 0) {
                    return out.toByteArray();
                }
                out.write(chunked, lineEnd + 2, size);
                pos = lineEnd + 2 + size + 2;
            }
        }

        private static int indexOf(byte[] data, byte[] pattern, int from) {
            outer:
            for (int i = from; i <= data.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
