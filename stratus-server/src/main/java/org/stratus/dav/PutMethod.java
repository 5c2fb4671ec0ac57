package org.stratus.dav;

import java.io.IOException;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.ExpectedChecksum;
import org.stratus.files.FileService;
import org.stratus.files.PutOptions;
import org.stratus.identity.InstanceIdentity;

/**
 * PUT: streams the body into a new blob, then commits; 201 or 204 only after the commit. Honours X-OC-MTime and
 * OC-Checksum as the Nextcloud clients send them.
 */
final class PutMethod implements DavMethod {

    private final FileService files;
    private final DavPreconditions preconditions;
    private final InstanceIdentity identity;

    PutMethod(FileService files, DavPreconditions preconditions, InstanceIdentity identity) {
        this.files = files;
        this.preconditions = preconditions;
        this.identity = identity;
    }

    @Override
    public String name() {
        return "PUT";
    }

    @Override
    public void handle(DavRequest request) throws IOException {
        if (request.header("OC-Chunked") != null) {
            // Legacy (v1) chunking: desktop clients up to 3.x send files over 10 MB as NAME-chunking-ID-COUNT-INDEX
            // pieces and take a reply with an ETag as "the whole file is assembled". Stored as an ordinary file, the
            // first piece made the client record the file as uploaded, then rename its local copy to the piece's
            // name on the next sync. Until chunked uploads exist, refuse: the client reports the file as failed.
            throw new StratusException(ErrorCode.NOT_IMPLEMENTED,
                    "Chunked uploads (OC-Chunked) are not supported yet; the file was not stored");
        }
        if (request.header("Content-Range") != null) {
            throw new StratusException(ErrorCode.BAD_REQUEST,
                    "Content-Range on PUT is not supported; upload the whole file or use chunked upload");
        }
        Long mtime = mtimeOf(request.header("X-OC-MTime"));
        ExpectedChecksum checksum = ExpectedChecksum.parse(request.header("OC-Checksum")).orElse(null);
        long declared = request.http().getContentLengthLong();
        String ocTotal = request.header("OC-Total-Length");
        if (declared < 0 && ocTotal != null) {
            declared = parseLength(ocTotal);
        }
        PutOptions options = new PutOptions(declared, mtime, checksum, preconditions.forWrite(request, false, false));
        FileService.PutResult result = files.put(request.user(), request.location().path(),
                request.bodyStream(), options);
        var response = request.response();
        NodeHeaders.write(response, result.node(), identity);
        if (mtime != null) {
            response.setHeader("X-OC-MTime", "accepted");
        }
        response.setContentLength(0);
        response.setStatus(result.created() ? 201 : 204);
    }

    /** X-OC-MTime: seconds since the epoch, possibly with a fraction (dropped). */
    static Long mtimeOf(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = (long) Double.parseDouble(header.trim());
            if (seconds < 0 || seconds > 253402300799L) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new StratusException(ErrorCode.INVALID_HEADER, "X-OC-MTime must be seconds since 1970");
        }
    }

    private static long parseLength(String value) {
        try {
            long length = Long.parseLong(value.trim());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new StratusException(ErrorCode.INVALID_HEADER, "OC-Total-Length must be a byte count");
        }
    }
}
