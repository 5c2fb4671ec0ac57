package org.stratus.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Assertions on what a client sees when the server refuses a request. */
public final class DavAssertions {

    public static final String DAV = "DAV:";
    public static final String SABRE = "http://sabredav.org/ns";

    /** Traces of internals that must never reach a client: stack frames, class names, the container's name. */
    private static final List<Pattern> LEAKS = List.of(
            Pattern.compile("\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$]+)+\\("),
            Pattern.compile("\\b(java|javax|jakarta|sun|org\\.apache|org\\.springframework|org\\.stratus"
                    + "|org\\.postgresql|com\\.zaxxer)\\.[a-z]"),
            Pattern.compile("[A-Za-z]+(Exception|Error)\\b(?!</s:exception>)"),
            Pattern.compile("(?i)tomcat|catalina|coyote|whitelabel"));

    private DavAssertions() {}

    /**
     * Asserts a Sabre-style DAV error document: the status, the {@code s:exception} code, a non-blank
     * {@code s:message} and nothing internal. Returns the message.
     */
    public static String assertDavError(int expectedStatus, String expectedCode, int status, String body) {
        assertEquals(expectedStatus, status, () -> "status; body was:\n" + body);
        assertNoInternals(body);
        Element root = parse(body).getDocumentElement();
        assertEquals(DAV, root.getNamespaceURI(), () -> "error document root namespace in\n" + body);
        assertEquals("error", root.getLocalName(), () -> "error document root element in\n" + body);
        assertEquals(expectedCode, text(root, SABRE, "exception"), () -> "s:exception in\n" + body);
        String message = text(root, SABRE, "message");
        assertFalse(message.isBlank(), () -> "s:message is blank in\n" + body);
        return message;
    }

    public static String assertDavError(int expectedStatus, String expectedCode, RawHttp.Response response) {
        return assertDavError(expectedStatus, expectedCode, response.status(), response.text());
    }

    public static String assertDavError(int expectedStatus, String expectedCode,
            HttpResponse<String> response) {
        return assertDavError(expectedStatus, expectedCode, response.statusCode(), response.body());
    }

    /** No stack trace, exception class name, package name or container name in a body sent to a client. */
    public static void assertNoInternals(String body) {
        for (Pattern leak : LEAKS) {
            if (leak.matcher(body).find()) {
                fail("The response leaks internals (" + leak + "):\n" + body);
            }
        }
    }

    /** True when the DAV error document contains the precondition element {@code d:<name>}. */
    public static boolean hasDavCondition(String body, String name) {
        return parse(body).getDocumentElement().getElementsByTagNameNS(DAV, name).getLength() > 0;
    }

    /** Parses a response body with a parser that refuses DOCTYPEs, as a careful client would. */
    public static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("Not well-formed XML: " + e.getMessage() + "\n" + xml, e);
        }
    }

    private static String text(Element root, String namespace, String localName) {
        NodeList nodes = root.getElementsByTagNameNS(namespace, localName);
        assertNotNull(nodes.item(0), () -> localName + " missing");
        return nodes.item(0).getTextContent();
    }
}
