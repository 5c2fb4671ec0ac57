package org.stratus.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.buf.CharsetHolder;

/**
 * Lets {@link ExactContentType} reach Tomcat's connector-level response, the only place where a Content-Type is
 * stored without being parsed and re-serialized (the servlet API always splits off the charset parameter and writes
 * it back as {@code ;charset=}).
 */
final class ExactContentTypeValve extends ValveBase {

    ExactContentTypeValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        org.apache.coyote.Response connectorResponse = response.getCoyoteResponse();
        request.setAttribute(ExactContentType.ATTRIBUTE, (ExactContentType.Setter) contentType -> {
            if (!response.isCommitted()) {
                connectorResponse.setContentTypeNoCharset(contentType);
                connectorResponse.setCharsetHolder(CharsetHolder.EMPTY);
            }
        });
        getNext().invoke(request, response);
    }
}
