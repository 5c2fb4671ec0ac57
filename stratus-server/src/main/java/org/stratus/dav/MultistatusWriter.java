package org.stratus.dav;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.stratus.error.Xml;

/**
 * Streams a 207 Multi-Status body; prefixes d, oc, nc and s are bound on the root element.
 *
 * <p>The XML is built in a plain StringBuilder and handed to the response as UTF-8 in chunks of about
 * {@link #CHUNK} characters: a listing of 1,000 entries is some 30,000 small pieces, and writing each through a
 * (locking) BufferedWriter and its encoder was a quarter of a PROPFIND's CPU.
 */
final class MultistatusWriter {

    private static final Map<String, String> PREFIXES =
            Map.of(DavXml.DAV, "d", DavXml.OC, "oc", DavXml.NC, "nc", DavXml.SABRE, "s");
    private static final int CHUNK = 32 * 1024;

    private final OutputStream out;
    private final StringBuilder xml = new StringBuilder(CHUNK + 4096);
    /** Start and end tag of each property name written so far (names repeat on every entry). */
    private final Map<PropertyName, String[]> tags = new HashMap<>();

    MultistatusWriter(OutputStream out) {
        this.out = out;
        xml.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\" "
                + "xmlns:oc=\"http://owncloud.org/ns\" xmlns:nc=\"http://nextcloud.org/ns\" "
                + "xmlns:s=\"http://sabredav.org/ns\">");
    }

    void startResponse(String href) {
        xml.append("<d:response><d:href>");
        Xml.escapeTo(href, xml);
        xml.append("</d:href>");
    }

    void startPropstat() {
        xml.append("<d:propstat><d:prop>");
    }

    void endPropstat(int status) {
        xml.append("</d:prop><d:status>HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("</d:status></d:propstat>");
    }

    void status(String href, int status) throws IOException {
        startResponse(href);
        xml.append("<d:status>HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("</d:status>");
        endResponse();
    }

    void endResponse() throws IOException {
        xml.append("</d:response>");
        if (xml.length() >= CHUNK) {
            flushXml();
        }
    }

    /** Writes {@code <name>rawXml</name>}; {@code rawXml} must already be escaped XML content. */
    void property(PropertyName name, String rawXml) {
        String[] tag = tags.computeIfAbsent(name, MultistatusWriter::tagsOf);
        if (rawXml == null || rawXml.isEmpty()) {
            xml.append(tag[0]).append("/>");
        } else {
            xml.append(tag[0]).append('>').append(rawXml).append(tag[1]);
        }
    }

    void finish() throws IOException {
        xml.append("</d:multistatus>\n");
        flushXml();
        out.flush();
    }

    private void flushXml() throws IOException {
        out.write(xml.toString().getBytes(StandardCharsets.UTF_8));
        xml.setLength(0);
    }

    /** The opening tag without its closing bracket, and the end tag. */
    private static String[] tagsOf(PropertyName name) {
        String prefix = PREFIXES.get(name.namespace());
        boolean noNamespace = name.namespace().isEmpty();
        String qualified = prefix != null ? prefix + ":" + name.localName()
                : noNamespace ? name.localName() : "x:" + name.localName();
        String open = "<" + qualified + (noNamespace ? " xmlns=\"\""
                : prefix == null ? " xmlns:x=\"" + Xml.escape(name.namespace()) + "\"" : "");
        return new String[] {open, "</" + qualified + ">"};
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
