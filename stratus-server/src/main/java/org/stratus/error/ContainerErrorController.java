package org.stratus.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page for failures the servlet container detects itself: a request body that ended early or was cut
 * off (Tomcat answers 400 and discards what the servlet wrote), a method Tomcat refuses (TRACE), a URL no servlet
 * serves, an exception that escaped a controller. Replaces Spring Boot's JSON error controller so that these, too,
 * get an {@link ErrorCode} rendered by {@link ErrorResponses} in the client's protocol, never a stack trace.
 */
@Controller
final class ContainerErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ContainerErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(status instanceof Integer code)) {
            // Requested directly, not dispatched by the container.
            ErrorResponses.write(request, response, ErrorCode.NOT_FOUND, "No such resource");
            return;
        }
        StratusException failure = ErrorResponses.recorded(request);
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure == null && exception instanceof StratusException thrown) {
            failure = thrown;
        }
        if (failure != null) {
            ErrorResponses.write(request, response, failure.code(), failure.getMessage(), uri);
            return;
        }
        ErrorCode errorCode = ErrorCode.forStatus(code);
        if (errorCode.status() >= 500 && exception instanceof Throwable cause) {
            log.error("{} {} failed", request.getMethod(), uri, cause);
        }
        ErrorResponses.write(request, response, errorCode, errorCode.message(), uri);
    }
}
