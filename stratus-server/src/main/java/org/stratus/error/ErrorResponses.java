package org.stratus.error;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.stratus.web.RequestIdFilter;

/**
 * Renders a failure in the protocol the client speaks: a Sabre-style DAV error document under
 * {@code /remote.php/}, an OCS envelope under {@code /ocs/}, RFC 9457 problem JSON elsewhere. Always with the
 * request id, never with a stack trace.
 */
public final class ErrorResponses {

    private ErrorResponses() {}

    /** Request attribute holding the last failure written for the request, as a {@link StratusException}. */
    static final String FAILURE_ATTRIBUTE = ErrorResponses.class.getName() + ".failure";

    public static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
            String message) throws IOException {
        write(request, response, code, message, request.getRequestURI());
    }

    /**
     * Renders a failure for a request whose original URI is {@code uri} (on an error dispatch the request's own
     * URI is the error page's). The failure is also kept on the request: when the container has already put the
     * response into its error state (Tomcat does after a failed body read), this body is discarded, and the error
     * page renders the kept failure instead.
     */
    static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message,
            String uri) throws IOException {
        request.setAttribute(FAILURE_ATTRIBUTE, new StratusException(code, message));
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        String requestId = RequestIdFilter.of(request);
        if (uri == null) {
            uri = "";
        }
        response.setStatus(code.status());
        if (code == ErrorCode.SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", "5");
        }
        String body;
        if (uri.startsWith("/ocs/")) {
            boolean json = "json".equals(request.getParameter("format"))
                    || String.valueOf(request.getHeader("Accept")).contains("application/json");
            body = json ? ocsJson(code, message) : ocsXml(code, message);
            response.setContentType(json ? "application/json; charset=utf-8" : "application/xml; charset=utf-8");
        } else if (uri.startsWith("/remote.php/") || uri.equals("/remote.php")) {
            body = davXml(code, message, requestId);
            response.setContentType("application/xml; charset=utf-8");
        } else {
            body = problemJson(code, message, requestId, uri);
            response.setContentType("application/problem+json");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(bytes);
        }
        response.flushBuffer();
    }

    /** The failure last written for this request, if any. */
    static StratusException recorded(HttpServletRequest request) {
        return request.getAttribute(FAILURE_ATTRIBUTE) instanceof StratusException failure ? failure : null;
    }

    static String davXml(ErrorCode code, String message, String requestId) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<d:error xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\">\n");
        if (code == ErrorCode.FINITE_DEPTH_REQUIRED) {
            xml.append("  <d:propfind-finite-depth/>\n");
        } else if (code == ErrorCode.LOCKED) {
            xml.append("  <d:lock-token-submitted/>\n");
        } else if (code == ErrorCode.CANNOT_MODIFY_PROTECTED_PROPERTY) {
            xml.append("  <d:cannot-modify-protected-property/>\n");
        }
        xml.append("  <s:exception>").append(code.code()).append("</s:exception>\n")
                .append("  <s:message>").append(Xml.escape(message)).append("</s:message>\n")
                .append("  <s:request-id>").append(Xml.escape(requestId)).append("</s:request-id>\n")
                .append("</d:error>\n");
        return xml.toString();
    }

    static String ocsXml(ErrorCode code, String message) {
        return "<?xml version=\"1.0\"?>\n<ocs>\n <meta>\n  <status>failure</status>\n  <statuscode>"
                + code.status() + "</statuscode>\n  <message>" + Xml.escape(message)
                + "</message>\n </meta>\n <data/>\n</ocs>\n";
    }

    static String ocsJson(ErrorCode code, String message) {
        return "{\"ocs\":{\"meta\":{\"status\":\"failure\",\"statuscode\":" + code.status() + ",\"message\":"
                + Json.string(message) + "},\"data\":[]}}";
    }

    static String problemJson(ErrorCode code, String message, String requestId, String uri) {
        return "{\"type\":\"about:blank\",\"title\":" + Json.string(code.code()) + ",\"status\":" + code.status()
                + ",\"detail\":" + Json.string(message) + ",\"instance\":" + Json.string(uri)
                + ",\"requestId\":" + Json.string(requestId) + "}";
    }
}
