package org.stratus.dav;

import org.w3c.dom.Element;

/** A WebDAV property's qualified name. */
record PropertyName(String namespace, String localName) {

    static PropertyName of(Element element) {
        return new PropertyName(DavXml.namespaceOf(element), element.getLocalName());
    }

    static PropertyName dav(String localName) {
        return new PropertyName(DavXml.DAV, localName);
    }
}
