package org.stratus.error;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.stratus.web.RequestIdFilter;

/**
 * Tomcat's last word on a request that never reached a servlet: a request line or URL it refuses to parse (an
 * encoded slash, backslash or NUL, an invalid percent escape or UTF-8, a character outside RFC 3986). Tomcat's own
 * report is an HTML page; this renders the failure through {@link ErrorResponses} like every other, so WebDAV
 * clients get a DAV error document, and nothing names the container or its version.
 */
public final class ContainerErrorReportValve extends ErrorReportValve {

    static final String UNPARSABLE = "The request cannot be parsed: its URL or a header is malformed (an invalid "
            + "percent escape or UTF-8, an encoded slash, backslash or NUL, or a character that must be encoded)";

    /** Tomcat's 501: the code's own message would blame the method. */
    static final String UNSUPPORTED_CODING = "The request uses a transfer coding this server does not implement";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ErrorCode code = ErrorCode.forStatus(status);
        try {
            RequestIdFilter.assign(request, response);
            ErrorResponses.write(request, response, code, switch (status) {
                case 400 -> UNPARSABLE;
                case 501 -> UNSUPPORTED_CODING;
                default -> code.message();
            });
        } catch (IOException | RuntimeException e) {
            // The connection is gone or the request is too broken to describe: Tomcat closes it.
        }
    }
}
