package org.stratus.dav;

import java.io.IOException;

/** One WebDAV/HTTP method on the file tree; a thin adapter from HTTP to the file and lock services. */
interface DavMethod {

    /** The method name, e.g. {@code PROPFIND}. */
    String name();

    void handle(DavRequest request) throws IOException;
}
