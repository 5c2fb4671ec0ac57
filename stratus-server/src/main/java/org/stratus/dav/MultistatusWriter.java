package org.stratus.dav;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import org.stratus.error.Xml;

/** Streams a 207 Multi-Status body; prefixes d, oc, nc and s are bound on the root element. */
final class MultistatusWriter {

    private static final Map<String, String> PREFIXES =
            Map.of(DavXml.DAV, "d", DavXml.OC, "oc", DavXml.NC, "nc", DavXml.SABRE, "s");

    private final Writer out;

    MultistatusWriter(Writer out) throws IOException {
        this.out = out;
        out.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\" "
                + "xmlns:oc=\"http://owncloud.org/ns\" xmlns:nc=\"http://nextcloud.org/ns\" "
                + "xmlns:s=\"http://sabredav.org/ns\">");
    }

    void startResponse(String href) throws IOException {
        out.write("<d:response><d:href>");
        out.write(Xml.escape(href));
        out.write("</d:href>");
    }

    void startPropstat() throws IOException {
        out.write("<d:propstat><d:prop>");
    }

    void endPropstat(int status) throws IOException {
        out.write("</d:prop><d:status>HTTP/1.1 ");
        out.write(status + " " + reason(status));
        out.write("</d:status></d:propstat>");
    }

    void status(String href, int status) throws IOException {
        startResponse(href);
        out.write("<d:status>HTTP/1.1 " + status + " " + reason(status) + "</d:status>");
        endResponse();
    }

    void endResponse() throws IOException {
        out.write("</d:response>");
    }

    /** Writes {@code <name>rawXml</name>}; {@code rawXml} must already be escaped XML content. */
    void property(PropertyName name, String rawXml) throws IOException {
        String prefix = PREFIXES.get(name.namespace());
        boolean noNamespace = name.namespace().isEmpty();
        String qualified = prefix != null ? prefix + ":" + name.localName()
                : noNamespace ? name.localName() : "x:" + name.localName();
        out.write('<');
        out.write(qualified);
        if (noNamespace) {
            out.write(" xmlns=\"\"");
        } else if (prefix == null) {
            out.write(" xmlns:x=\"" + Xml.escape(name.namespace()) + "\"");
        }
        if (rawXml == null || rawXml.isEmpty()) {
            out.write("/>");
        } else {
            out.write('>');
            out.write(rawXml);
            out.write("</" + qualified + ">");
        }
    }

    void finish() throws IOException {
        out.write("</d:multistatus>\n");
        out.flush();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 423 -> "Locked";
            case 424 -> "Failed Dependency";
            default -> "Status";
        };
    }
}
