package org.stratus.dav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.error.Xml;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Hardened XML for request bodies: any DOCTYPE is refused (which rules out external entities, XXE and entity
 * expansion bombs in one stroke), no external access, bounded size. Plus a namespace-preserving serializer for
 * dead property values.
 */
final class DavXml {

    static final String DAV = "DAV:";
    static final String OC = "http://owncloud.org/ns";
    static final String NC = "http://nextcloud.org/ns";
    static final String SABRE = "http://sabredav.org/ns";

    private static final DocumentBuilderFactory FACTORY = newFactory();

    private DavXml() {}

    private static DocumentBuilderFactory newFactory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    /** Reads at most {@code maxBytes} of the body; empty array for an empty body; 413 past the limit. */
    static byte[] readBody(InputStream in, int maxBytes) throws IOException {
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw new StratusException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The XML body is larger than the limit of " + maxBytes + " bytes");
        }
        return body;
    }

    /** Parses a non-empty body; 400 with a clear message when it is not acceptable XML. */
    static Document parse(byte[] body) {
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "DOCTYPE declarations (and so entities) are not allowed in request bodies"
                    : "The request body is not well-formed XML";
            throw new StratusException(ErrorCode.MALFORMED_XML, reason);
        } catch (ParserConfigurationException | IOException e) {
            throw new StratusException(ErrorCode.MALFORMED_XML, "The request body cannot be read as XML");
        }
    }

    static boolean is(Node node, String namespace, String localName) {
        return node instanceof Element element && localName.equals(element.getLocalName())
                && namespace.equals(element.getNamespaceURI() == null ? "" : element.getNamespaceURI());
    }

    static List<Element> childElements(Node parent) {
        List<Element> elements = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    static Element requireRoot(Document document, String localName) {
        Element root = document.getDocumentElement();
        if (!is(root, DAV, localName)) {
            throw new StratusException(ErrorCode.MALFORMED_XML, "Expected a DAV:" + localName + " element");
        }
        return root;
    }

    static String namespaceOf(Element element) {
        return element.getNamespaceURI() == null ? "" : element.getNamespaceURI();
    }

    /**
     * Serializes an element's content so that it can be stored and written back inside any other document:
     * every element declares its own namespace, so no prefix binding is lost.
     */
    static String serializeContent(Element element) {
        StringBuilder out = new StringBuilder();
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            serialize(children.item(i), out);
        }
        return out.toString();
    }

    private static void serialize(Node node, StringBuilder out) {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE -> {
                Element element = (Element) node;
                String name = element.getLocalName() != null ? element.getLocalName() : element.getNodeName();
                out.append('<').append(name).append(" xmlns=\"").append(Xml.escape(namespaceOf(element)))
                        .append('"');
                NamedNodeMap attributes = element.getAttributes();
                int prefixCounter = 0;
                for (int i = 0; i < attributes.getLength(); i++) {
                    Attr attr = (Attr) attributes.item(i);
                    if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attr.getNamespaceURI())) {
                        continue;
                    }
                    String attrName = attr.getLocalName() != null ? attr.getLocalName() : attr.getName();
                    if (attr.getNamespaceURI() != null && !attr.getNamespaceURI().isEmpty()) {
                        String prefix = "a" + prefixCounter++;
                        out.append(" xmlns:").append(prefix).append("=\"").append(Xml.escape(attr.getNamespaceURI()))
                                .append("\" ").append(prefix).append(':').append(attrName);
                    } else {
                        out.append(' ').append(attrName);
                    }
                    out.append("=\"").append(Xml.escape(attr.getValue())).append('"');
                }
                out.append('>');
                NodeList children = element.getChildNodes();
                for (int i = 0; i < children.getLength(); i++) {
                    serialize(children.item(i), out);
                }
                out.append("</").append(name).append('>');
            }
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> out.append(Xml.escape(node.getNodeValue()));
            default -> { } // comments and processing instructions are not part of a property value
        }
    }
}
