package org.stratus.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FileService;
import org.stratus.files.Node;
import org.stratus.identity.InstanceIdentity;
import org.stratus.ops.TransferMetrics;

/** GET and HEAD of a file, with conditional requests (RFC 9110 section 13) and single byte ranges. */
final class GetMethod implements DavMethod {

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
        HttpServletResponse response = request.response();
        for (int attempt = 1; ; attempt++) {
            Node node = files.require(request.user(), request.location().path());
            try {
                serve(request, response, node);
                return;
            } catch (NoSuchFileException e) {
                // A concurrent PUT or DELETE committed and released this blob between our read of the metadata and
                // the open: nothing has been sent yet, so look the file up again and serve what is there now.
                if (attempt == 3) {
                    throw new StratusException(ErrorCode.SERVICE_UNAVAILABLE,
                            "The file is changing too fast to be read; try again");
                }
                request.resetResponse();
            }
        }
    }

    private void serve(DavRequest request, HttpServletResponse response, Node node) throws IOException {
        NodeHeaders.write(response, node, identity);
        if (node.isDir()) {
            if (head) {
                response.setStatus(200);
                response.setContentLength(0);
                return;
            }
            throw new StratusException(ErrorCode.METHOD_NOT_ALLOWED,
                    "This is a folder: list it with PROPFIND, or download its files one by one");
        }
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
        // Open before any status is set: if the blob is gone, nothing has been decided yet.
        InputStream content = head || length == 0 ? InputStream.nullInputStream() : files.open(node, offset, length);
        try (InputStream in = content) {
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
            if (head || length == 0) {
                return;
            }
            long start = System.nanoTime();
            long sent = 0;
            boolean complete = false;
            try {
                OutputStream out = response.getOutputStream();
                sent = in.transferTo(out);
                complete = true;
            } finally {
                metrics.downloaded(sent, start, complete);
            }
        }
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
