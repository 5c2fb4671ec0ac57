package org.stratus.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FileService;
import org.stratus.files.Node;
import org.stratus.identity.InstanceIdentity;
import org.stratus.ops.RequestObservationFilter;
import org.stratus.ops.TransferMetrics;

/** GET and HEAD of a file, with conditional requests (RFC 9110 section 13) and single byte ranges. */
final class GetMethod implements DavMethod {

    /** Reads of a file that keeps being replaced before its content can be opened; then 503. */
    private static final int MAX_ATTEMPTS = 5;

    private final FileService files;
    private final InstanceIdentity identity;
    private final boolean head;
    private final TransferMetrics metrics;

    GetMethod(FileService files, InstanceIdentity identity, boolean head, TransferMetrics metrics) {
        this.metrics = metrics;
        this.files = files;
        this.identity = identity;
        this.head = head;
    }

    @Override
    public String name() {
        return head ? "HEAD" : "GET";
    }

    @Override
    public void handle(DavRequest request) throws IOException {
        String missingBlob = null;
        for (int attempt = 1; ; attempt++) {
            Node node = request.requireTarget(files);
            if (node.isDir()) {
                serveFolder(request, node);
                return;
            }
            if (node.blobKey().equals(missingBlob)) {
                throw new StratusException(ErrorCode.INTERNAL, "The content of '" + node.path() + "' is missing",
                        new NoSuchFileException(missingBlob));
            }
            try {
                serveFile(request, node);
                return;
            } catch (NoSuchFileException e) {
                // Only opening the blob throws this. The file was replaced or deleted after its node was read,
                // and a write releases the old blob right after it commits: read the node again and serve that.
                if (attempt == MAX_ATTEMPTS) {
                    throw new StratusException(ErrorCode.SERVICE_UNAVAILABLE,
                            "'" + node.path() + "' changes too often to be read; try again");
                }
                missingBlob = node.blobKey();
            }
        }
    }

    private void serveFolder(DavRequest request, Node node) {
        HttpServletResponse response = request.response();
        NodeHeaders.write(response, node, identity);
        if (head) {
            response.setStatus(200);
            response.setContentLength(0);
            return;
        }
        throw new StratusException(ErrorCode.METHOD_NOT_ALLOWED,
                "This is a folder: list it with PROPFIND, or download its files one by one");
    }

    /**
     * Serves one version of a file. The content is opened before anything that depends on it is written, so a
     * {@link NoSuchFileException} leaves nothing behind that a retry with the new version would not overwrite.
     */
    private void serveFile(DavRequest request, Node node) throws IOException {
        HttpServletResponse response = request.response();
        NodeHeaders.write(response, node, identity);
        if (!conditionsAllowBody(request, node, response)) {
            return;
        }
        long offset = 0;
        long length = node.size();
        Optional<long[]> range = rangeOf(request, node);
        if (range.isPresent()) {
            offset = range.get()[0];
            length = range.get()[1] - offset + 1;
        }
        Optional<Path> sendfile = head || length < SENDFILE_MIN_BYTES || !Boolean.TRUE.equals(
                request.http().getAttribute(SENDFILE_SUPPORTED)) ? Optional.empty() : files.localFile(node);
        try (InputStream in = head || length == 0 || sendfile.isPresent() ? null : files.open(node, offset, length)) {
            response.setHeader("Accept-Ranges", "bytes");
            response.setContentType(node.contentType());
            response.setHeader("Content-Disposition", "attachment");
            response.setHeader("X-Content-Type-Options", "nosniff");
            if (range.isPresent()) {
                response.setStatus(206);
                response.setHeader("Content-Range", "bytes " + offset + "-" + range.get()[1] + "/" + node.size());
            } else {
                response.setStatus(200);
            }
            response.setContentLengthLong(length);
            if (sendfile.isPresent()) {
                sendFile(request, sendfile.get(), offset, length);
            } else if (in != null) {
                long start = System.nanoTime();
                long sent = 0;
                boolean complete = false;
                try {
                    sent = copy(in, response.getOutputStream(), length);
                    complete = true;
                } finally {
                    metrics.downloaded(sent, start, complete);
                }
            }
        }
    }

    /** Below this size a copy costs less than handing the socket to Tomcat's sendfile poller (its own default). */
    static final long SENDFILE_MIN_BYTES = 48 * 1024;
    private static final String SENDFILE_SUPPORTED = "org.apache.tomcat.sendfile.support";

    /**
     * Hands the body to Tomcat, which sends it with sendfile(2) once this method returns: no copy of the content
     * through the JVM. Tomcat opens the file only then, so a blob released in between would fail the transfer;
     * the blob releaser waits a grace period before deleting released blobs for this reason.
     */
    private void sendFile(DavRequest request, Path file, long offset, long length) {
        HttpServletRequest http = request.http();
        http.setAttribute("org.apache.tomcat.sendfile.filename", file.toAbsolutePath().toString());
        http.setAttribute("org.apache.tomcat.sendfile.start", offset);
        http.setAttribute("org.apache.tomcat.sendfile.end", offset + length);
        RequestObservationFilter.sentByContainer(http, length);
        metrics.handedOff(length);
    }

    /** Copy chunk for file bodies: 8 KiB chunks (InputStream.transferTo) cost a socket write each through Tomcat. */
    private static final int COPY_CHUNK = 256 * 1024;

    /** Copies the body in chunks of up to {@link #COPY_CHUNK}; large chunks go to the socket without re-buffering. */
    private static long copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[(int) Math.min(COPY_CHUNK, Math.max(length, 1))];
        long sent = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            sent += n;
        }
        return sent;
    }

    /** If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304). */
    private static boolean conditionsAllowBody(DavRequest request, Node node, HttpServletResponse response) {
        Optional<Node> current = Optional.of(node);
        String ifMatch = request.header("If-Match");
        if (ifMatch != null && !DavPreconditions.matches(ifMatch, current)) {
            throw new StratusException(ErrorCode.PRECONDITION_FAILED, "The file has changed (If-Match)");
        }
        String ifUnmodifiedSince = request.header("If-Unmodified-Since");
        if (ifMatch == null && ifUnmodifiedSince != null) {
            DavPreconditions.parseDate(ifUnmodifiedSince).filter(since -> node.mtime() > since).ifPresent(since -> {
                throw new StratusException(ErrorCode.PRECONDITION_FAILED, "The file was modified since then");
            });
        }
        String ifNoneMatch = request.header("If-None-Match");
        boolean notModified;
        if (ifNoneMatch != null) {
            notModified = DavPreconditions.matches(ifNoneMatch, current);
        } else {
            String ifModifiedSince = request.header("If-Modified-Since");
            notModified = ifModifiedSince != null && DavPreconditions.parseDate(ifModifiedSince)
                    .filter(since -> node.mtime() <= since).isPresent();
        }
        if (notModified) {
            response.setStatus(304);
            return false;
        }
        return true;
    }

    /** A single satisfiable byte range as {first, last}; empty for a full response; 416 when unsatisfiable. */
    private static Optional<long[]> rangeOf(DavRequest request, Node node) {
        String header = request.header("Range");
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return Optional.empty(); // no range, another unit, or several ranges: the whole file is a valid answer
        }
        String ifRange = request.header("If-Range");
        if (ifRange != null && !ifRange.trim().equals(LiveProperties.quotedEtag(node))) {
            return Optional.empty();
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        long size = node.size();
        try {
            long first;
            long last;
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                if (suffix <= 0) {
                    throw unsatisfiable(size);
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(spec.substring(0, dash));
                last = dash == spec.length() - 1 ? size - 1 : Math.min(Long.parseLong(spec.substring(dash + 1)),
                        size - 1);
            }
            if (first >= size || first > last) {
                throw unsatisfiable(size);
            }
            return Optional.of(new long[] {first, last});
        } catch (NumberFormatException e) {
            return Optional.empty(); // an invalid Range header is ignored (RFC 9110 section 14.2)
        }
    }

    private static StratusException unsatisfiable(long size) {
        return new RangeNotSatisfiable(size);
    }

    /** 416 carries the file size in Content-Range; the servlet adds the header. */
    static final class RangeNotSatisfiable extends StratusException {
        final long size;

        RangeNotSatisfiable(long size) {
            super(ErrorCode.RANGE_NOT_SATISFIABLE);
            this.size = size;
        }
    }
}
