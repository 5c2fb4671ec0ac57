package org.stratus.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.stratus.auth.PrefetchedNode;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FileService;
import org.stratus.files.Node;
import org.stratus.locks.IfHeader;
import org.stratus.users.UserAccount;
import org.stratus.web.RequestIdFilter;
import org.stratus.web.ExactContentType;

/** One request to the DAV tree: the servlet pair, the authenticated user and the resolved location. */
final class DavRequest {

    private final HttpServletRequest http;
    private final HttpServletResponse response;
    private final UserAccount user;
    private final DavLocation location;
    private IfHeader ifHeader;
    private byte[] xmlBody;
    private boolean bodyStreamed;

    DavRequest(HttpServletRequest http, HttpServletResponse response, UserAccount user, DavLocation location) {
        this.http = http;
        this.response = response;
        this.user = user;
        this.location = location;
    }

    HttpServletRequest http() {
        return http;
    }

    HttpServletResponse response() {
        return response;
    }

    UserAccount user() {
        return user;
    }

    DavLocation location() {
        return location;
    }

    /**
     * The node at the request's path: the one read with the account during authentication if there is one (see
     * {@link DavLookahead}), else from the database. Each later call reads the database.
     */
    Optional<Node> findTarget(FileService files) {
        return PrefetchedNode.take(http, user.id(), location.path())
                .map(PrefetchedNode::node)
                .orElseGet(() -> files.find(user, location.path()));
    }

    /** {@link #findTarget}, or 404. */
    Node requireTarget(FileService files) {
        return findTarget(files).orElseThrow(() -> FileService.notFound(location.path()));
    }

    /**
     * Content-Type of an XML response body (multistatus, lock discovery), spelled exactly as Nextcloud spells it:
     * its desktop client matches the header literally (see {@link ExactContentType}).
     */
    void xmlContentType() {
        ExactContentType.set(http, response, "application/xml; charset=utf-8");
    }

    String header(String name) {
        return http.getHeader(name);
    }

    IfHeader ifHeader() {
        if (ifHeader == null) {
            ifHeader = IfHeader.parse(http.getHeader("If"));
        }
        return ifHeader;
    }

    /** Depth header: 0, 1 or -1 for infinity; {@code fallback} when absent. */
    int depth(int fallback) {
        String depth = http.getHeader("Depth");
        if (depth == null) {
            return fallback;
        }
        return switch (depth.trim().toLowerCase(Locale.ROOT)) {
            case "0" -> 0;
            case "1" -> 1;
            case "infinity" -> -1;
            default -> throw new StratusException(ErrorCode.INVALID_HEADER, "Depth must be 0, 1 or infinity");
        };
    }

    /** Overwrite header: true unless "F". */
    boolean overwrite() {
        String overwrite = http.getHeader("Overwrite");
        if (overwrite == null) {
            return true;
        }
        return switch (overwrite.trim()) {
            case "T", "t" -> true;
            case "F", "f" -> false;
            default -> throw new StratusException(ErrorCode.INVALID_HEADER, "Overwrite must be T or F");
        };
    }

    /** True when the request carries a body (Content-Length above zero, or chunked). */
    boolean hasBody() {
        return http.getContentLengthLong() > 0 || http.getHeader("Transfer-Encoding") != null;
    }

    /** The XML body, read once and kept, so that a retried request sees it again. */
    byte[] readXmlBody(int maxBytes) throws IOException {
        if (xmlBody == null) {
            xmlBody = readXml(maxBytes);
        }
        return xmlBody;
    }

    /** The body as a stream, for uploads; once a byte is read, the request can no longer be retried. */
    java.io.InputStream bodyStream() throws IOException {
        return new java.io.FilterInputStream(http.getInputStream()) {
            @Override
            public int read() throws IOException {
                bodyStreamed = true;
                return super.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                bodyStreamed = true;
                return super.read(buffer, offset, length);
            }
        };
    }

    /** Clears status, headers and buffer for another attempt, keeping the request id. */
    void resetResponse() {
        response.reset();
        response.setHeader(RequestIdFilter.HEADER, RequestIdFilter.of(http));
    }

    /** True while running the request again would see the same input and send nothing twice. */
    boolean replayable() {
        return !bodyStreamed && !response.isCommitted();
    }

    private byte[] readXml(int maxBytes) throws IOException {
        if (http.getContentLengthLong() > maxBytes) {
            throw new StratusException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The XML body is larger than the limit of " + maxBytes + " bytes");
        }
        return DavXml.readBody(http.getInputStream(), maxBytes);
    }
}
