package org.stratus.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sends a Content-Type header byte for byte as given. Tomcat re-serializes {@code application/xml; charset=utf-8}
 * as {@code application/xml;charset=utf-8}: the same media type for HTTP, but the Nextcloud desktop client (3.x,
 * {@code LsColJob}) accepts a PROPFIND listing only when its Content-Type contains the literal
 * {@code application/xml; charset=utf-8} that Nextcloud's Sabre server sends, and otherwise aborts the sync with
 * "PROPFIND reply is not XML formatted". {@link ExactContentTypeValve} gives requests the means to bypass the
 * rewriting; without it (another container) this falls back to the ordinary, normalized header.
 *
 * <p>No character encoding is set on the response: write the body as bytes, through {@code getOutputStream()}.
 */
public final class ExactContentType {

    static final String ATTRIBUTE = ExactContentType.class.getName() + ".setter";

    /** Sets the header on the response of the current request; installed per request by the valve. */
    @FunctionalInterface
    interface Setter {
        void set(String contentType);
    }

    private ExactContentType() {}

    public static void set(HttpServletRequest request, HttpServletResponse response, String contentType) {
        if (request.getAttribute(ATTRIBUTE) instanceof Setter exact) {
            exact.set(contentType);
        } else {
            response.setContentType(contentType);
        }
    }
}
