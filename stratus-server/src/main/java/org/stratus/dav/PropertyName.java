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

    /**
     * Written out because the generated record hashCode showed up in PROPFIND profiles (names are hashed several
     * times per property per entry); same contract.
     */
    @Override
    public int hashCode() {
        return 31 * namespace.hashCode() + localName.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PropertyName name && localName.equals(name.localName)
                && namespace.equals(name.namespace);
    }
}
