package org.stratus.dav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FileService;
import org.stratus.files.Node;
import org.stratus.files.PutOptions;
import org.stratus.locks.ActiveLock;
import org.stratus.locks.LockService;
import org.w3c.dom.Element;

/**
 * LOCK: creates an exclusive or shared write lock (Depth 0 or infinity), or refreshes one when the body is empty.
 * Locking an unmapped URL creates an empty file (RFC 4918 section 7.3).
 */
final class LockMethod implements DavMethod {

    private final FileService files;
    private final LockService locks;
    private final DavPreconditions preconditions;
    private final int maxXmlBytes;

    LockMethod(FileService files, LockService locks, DavPreconditions preconditions, int maxXmlBytes) {
        this.files = files;
        this.locks = locks;
        this.preconditions = preconditions;
        this.maxXmlBytes = maxXmlBytes;
    }

    @Override
    public String name() {
        return "LOCK";
    }

    @Override
    public void handle(DavRequest request) throws IOException {
        byte[] body = request.readXmlBody(maxXmlBytes);
        long timeout = timeoutOf(request.header("Timeout"));
        var path = request.location().path();
        long ownerId = request.user().id();
        if (body.length == 0) {
            List<String> tokens = request.ifHeader().submittedTokens();
            if (tokens.isEmpty()) {
                throw new StratusException(ErrorCode.BAD_REQUEST, "A lock refresh needs the lock token in an If header");
            }
            ActiveLock lock = files.inWriteTransaction(request.user(), path, current -> {
                preconditions.checkIfHeader(request, current);
                return locks.refresh(ownerId, path, tokens, timeout);
            });
            respond(request, lock, 200);
            return;
        }
        Element info = DavXml.requireRoot(DavXml.parse(body), "lockinfo");
        boolean exclusive = true;
        String ownerXml = null;
        for (Element child : DavXml.childElements(info)) {
            if (DavXml.is(child, DavXml.DAV, "lockscope")) {
                exclusive = DavXml.childElements(child).stream().noneMatch(e -> DavXml.is(e, DavXml.DAV, "shared"));
            } else if (DavXml.is(child, DavXml.DAV, "owner")) {
                ownerXml = DavXml.serializeContent(child);
            } else if (DavXml.is(child, DavXml.DAV, "locktype")
                    && DavXml.childElements(child).stream().noneMatch(e -> DavXml.is(e, DavXml.DAV, "write"))) {
                throw new StratusException(ErrorCode.BAD_REQUEST, "Only write locks exist");
            }
        }
        int depth = request.depth(-1);
        if (depth == 1) {
            throw new StratusException(ErrorCode.INVALID_HEADER, "LOCK accepts Depth 0 or infinity");
        }
        boolean created = false;
        if (files.find(request.user(), path).isEmpty()) {
            files.put(request.user(), path, new ByteArrayInputStream(new byte[0]),
                    new PutOptions(0, null, null, preconditions.forWrite(request, true, false)));
            created = true;
        }
        boolean lockExclusive = exclusive;
        String lockOwner = ownerXml;
        ActiveLock lock = files.inWriteTransaction(request.user(), path, current -> {
            Optional<Node> node = current;
            DavPreconditions.checkHttpConditions(request, node);
            preconditions.checkIfHeader(request, node);
            return locks.lock(ownerId, path, lockExclusive, depth != 0, lockOwner, timeout);
        });
        respond(request, lock, created ? 201 : 200);
    }

    private void respond(DavRequest request, ActiveLock lock, int status) throws IOException {
        boolean folder = files.find(request.user(), lock.root()).map(Node::isDir).orElse(false);
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:prop xmlns:d=\"DAV:\"><d:lockdiscovery>"
                + LiveProperties.activeLock(lock, request.location().href(lock.root(), folder))
                + "</d:lockdiscovery></d:prop>\n";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        var response = request.response();
        response.setStatus(status);
        response.setHeader("Lock-Token", "<" + lock.token() + ">");
        request.xmlContentType();
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Timeout header: the first "Second-N" or "Infinite" of the list; the service clamps it. */
    static long timeoutOf(String header) {
        if (header == null) {
            return LockService.DEFAULT_TIMEOUT_SECONDS;
        }
        for (String part : header.split(",")) {
            String value = part.trim().toLowerCase(Locale.ROOT);
            if (value.equals("infinite")) {
                return LockService.MAX_TIMEOUT_SECONDS;
            }
            if (value.startsWith("second-")) {
                try {
                    return Long.parseLong(value.substring(7));
                } catch (NumberFormatException e) {
                    throw new StratusException(ErrorCode.INVALID_HEADER, "Timeout must be Second-N or Infinite");
                }
            }
        }
        return LockService.DEFAULT_TIMEOUT_SECONDS;
    }
}
