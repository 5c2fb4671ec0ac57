package org.stratus.dav;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.stratus.error.Xml;
import org.stratus.files.FileService;
import org.stratus.files.Node;
import org.stratus.identity.InstanceIdentity;
import org.stratus.locks.ActiveLock;

/**
 * Properties computed from a node: the RFC 4918 ones and the Nextcloud ones its clients need. Values are returned
 * as ready-to-write XML content; null means "not defined for this resource" (reported as 404 in PROPFIND).
 */
final class LiveProperties {

    static final PropertyName RESOURCETYPE = PropertyName.dav("resourcetype");
    static final PropertyName GETETAG = PropertyName.dav("getetag");
    static final PropertyName GETLASTMODIFIED = PropertyName.dav("getlastmodified");
    static final PropertyName GETCONTENTLENGTH = PropertyName.dav("getcontentlength");
    static final PropertyName GETCONTENTTYPE = PropertyName.dav("getcontenttype");
    static final PropertyName LOCKDISCOVERY = PropertyName.dav("lockdiscovery");
    static final PropertyName SUPPORTEDLOCK = PropertyName.dav("supportedlock");
    static final PropertyName QUOTA_USED = PropertyName.dav("quota-used-bytes");
    static final PropertyName QUOTA_AVAILABLE = PropertyName.dav("quota-available-bytes");

    /** Returned for allprop: the RFC 4918 live properties (lockdiscovery and supportedlock included). */
    static final List<PropertyName> ALLPROP = List.of(RESOURCETYPE, GETETAG, GETLASTMODIFIED, GETCONTENTLENGTH,
            GETCONTENTTYPE, LOCKDISCOVERY, SUPPORTEDLOCK);

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /**
     * Everything a property value may depend on besides the node. The usage is a supplier: it costs a query, and
     * only the quota properties need it.
     */
    record Context(InstanceIdentity identity, Supplier<FileService.Usage> usage, String ownerId,
            String ownerDisplayName, Function<Node, List<ActiveLock>> locks, Function<ActiveLock, String> lockRootHref) {}

    private LiveProperties() {}

    /** Names of every live property, for propname and for refusing PROPPATCH on them. */
    static Set<PropertyName> names() {
        return DEFINITIONS.keySet();
    }

    static boolean isLive(PropertyName name) {
        return DEFINITIONS.containsKey(name);
    }

    static String value(PropertyName name, Node node, Context context) {
        Definition definition = DEFINITIONS.get(name);
        return definition == null ? null : definition.value(node, context);
    }

    @FunctionalInterface
    private interface Definition {
        String value(Node node, Context context);
    }

    private static final Map<PropertyName, Definition> DEFINITIONS = new LinkedHashMap<>();

    static {
        define(RESOURCETYPE, (n, c) -> n.isDir() ? "<d:collection/>" : "");
        define(GETETAG, (n, c) -> Xml.escape(quotedEtag(n)));
        define(GETLASTMODIFIED, (n, c) -> httpDate(n.mtime()));
        define(GETCONTENTLENGTH, (n, c) -> n.isDir() ? null : Long.toString(n.size()));
        define(GETCONTENTTYPE, (n, c) -> n.isDir() ? null : Xml.escape(n.contentType()));
        define(LOCKDISCOVERY, LiveProperties::lockDiscovery);
        define(SUPPORTEDLOCK, (n, c) -> "<d:lockentry><d:lockscope><d:exclusive/></d:lockscope><d:locktype>"
                + "<d:write/></d:locktype></d:lockentry><d:lockentry><d:lockscope><d:shared/></d:lockscope>"
                + "<d:locktype><d:write/></d:locktype></d:lockentry>");
        define(QUOTA_USED, (n, c) -> n.isDir() ? Long.toString(n.size()) : null);
        define(QUOTA_AVAILABLE, (n, c) -> n.isDir() ? Long.toString(c.usage().get().availableBytes()) : null);
        define(new PropertyName(DavXml.OC, "id"), (n, c) -> c.identity().ocId(n.id()));
        define(new PropertyName(DavXml.OC, "fileid"), (n, c) -> Long.toString(n.id()));
        define(new PropertyName(DavXml.OC, "permissions"), (n, c) -> n.isDir() ? "RGDNVCK" : "RGDNVW");
        define(new PropertyName(DavXml.OC, "size"), (n, c) -> Long.toString(n.size()));
        define(new PropertyName(DavXml.OC, "checksums"), (n, c) -> n.isDir() ? null
                : "<oc:checksum>SHA1:" + n.sha1() + " MD5:" + n.md5() + " ADLER32:" + n.adler32() + "</oc:checksum>");
        define(new PropertyName(DavXml.OC, "data-fingerprint"), (n, c) -> Xml.escape(c.identity().dataFingerprint()));
        define(new PropertyName(DavXml.OC, "share-types"), (n, c) -> "");
        define(new PropertyName(DavXml.OC, "owner-id"), (n, c) -> Xml.escape(c.ownerId()));
        define(new PropertyName(DavXml.OC, "owner-display-name"), (n, c) -> Xml.escape(c.ownerDisplayName()));
        define(new PropertyName(DavXml.OC, "downloadURL"), (n, c) -> "");
        define(new PropertyName(DavXml.NC, "is-encrypted"), (n, c) -> "0");
        define(new PropertyName(DavXml.NC, "has-preview"), (n, c) -> "false");
        define(new PropertyName(DavXml.NC, "mount-type"), (n, c) -> "");
        define(new PropertyName(DavXml.NC, "creation_time"), (n, c) -> "0");
        define(new PropertyName(DavXml.NC, "upload_time"), (n, c) -> "0");
    }

    private static void define(PropertyName name, Definition definition) {
        DEFINITIONS.put(name, definition);
    }

    static String quotedEtag(Node node) {
        return "\"" + node.etag() + "\"";
    }

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    /** 9999-12-31T23:59:59Z: RFC_1123_DATE_TIME prints years of four digits only. */
    private static final long LAST_FOUR_DIGIT_YEAR_SECOND = 253_402_300_799L;

    /**
     * RFC 1123 date, exactly as {@link DateTimeFormatter#RFC_1123_DATE_TIME} writes it (day of month unpadded), but
     * built by hand: the formatter was a sixth of the CPU of a 1,000-entry PROPFIND.
     */
    static String httpDate(long epochSeconds) {
        if (epochSeconds < 0 || epochSeconds > LAST_FOUR_DIGIT_YEAR_SECOND) {
            return HTTP_DATE.format(Instant.ofEpochSecond(epochSeconds));
        }
        LocalDate date = LocalDate.ofEpochDay(epochSeconds / 86_400);
        int second = (int) (epochSeconds % 86_400);
        StringBuilder out = new StringBuilder(29)
                .append(DAYS[date.getDayOfWeek().ordinal()]).append(", ")
                .append(date.getDayOfMonth()).append(' ')
                .append(MONTHS[date.getMonthValue() - 1]).append(' ')
                .append(date.getYear()).append(' ');
        twoDigits(out, second / 3600).append(':');
        twoDigits(out, second / 60 % 60).append(':');
        return twoDigits(out, second % 60).append(" GMT").toString();
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static String lockDiscovery(Node node, Context context) {
        StringBuilder xml = new StringBuilder();
        for (ActiveLock lock : context.locks().apply(node)) {
            xml.append(activeLock(lock, context.lockRootHref().apply(lock)));
        }
        return xml.toString();
    }

    /** The {@code activelock} element, shared by lockdiscovery and the LOCK response. */
    static String activeLock(ActiveLock lock, String lockRootHref) {
        StringBuilder xml = new StringBuilder("<d:activelock><d:locktype><d:write/></d:locktype><d:lockscope>")
                .append(lock.exclusive() ? "<d:exclusive/>" : "<d:shared/>")
                .append("</d:lockscope><d:depth>").append(lock.depthInfinity() ? "infinity" : "0")
                .append("</d:depth>");
        if (lock.ownerXml() != null) {
            xml.append("<d:owner>").append(lock.ownerXml()).append("</d:owner>");
        }
        xml.append("<d:timeout>Second-").append(lock.timeoutSeconds()).append("</d:timeout>")
                .append("<d:locktoken><d:href>").append(Xml.escape(lock.token())).append("</d:href></d:locktoken>")
                .append("<d:lockroot><d:href>").append(Xml.escape(lockRootHref)).append("</d:href></d:lockroot>")
                .append("</d:activelock>");
        return xml.toString();
    }
}
