package org.stratus.dav;

import jakarta.servlet.http.HttpServletResponse;
import org.stratus.files.Node;
import org.stratus.identity.InstanceIdentity;

/** Headers that describe a node on GET, HEAD, PUT, MKCOL, COPY and MOVE responses (Nextcloud's OC-* included). */
final class NodeHeaders {

    private NodeHeaders() {}

    static void write(HttpServletResponse response, Node node, InstanceIdentity identity) {
        String etag = LiveProperties.quotedEtag(node);
        response.setHeader("ETag", etag);
        response.setHeader("OC-ETag", etag);
        response.setHeader("OC-FileId", identity.ocId(node.id()));
        response.setHeader("Last-Modified", LiveProperties.httpDate(node.mtime()));
        if (!node.isDir()) {
            response.setHeader("OC-Checksum", "SHA1:" + node.sha1());
        }
    }
}
