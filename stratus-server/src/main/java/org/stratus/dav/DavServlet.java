package org.stratus.dav;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.stratus.auth.AuthenticatedUser;
import org.stratus.error.ErrorCode;
import org.stratus.error.ErrorResponses;
import org.stratus.error.StratusException;
import org.stratus.db.DatabaseRetry;
import org.stratus.users.UserAccount;
import org.stratus.web.RequestIdFilter;

/**
 * Entry point of the WebDAV tree under {@code /remote.php/dav/files/USER/} and {@code /remote.php/webdav/}:
 * resolves the location, checks it belongs to the authenticated user, dispatches to one {@link DavMethod} per
 * HTTP method and renders every failure in one place.
 */
final class DavServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(DavServlet.class);
    /** Methods HTTP defines that make no sense here: 405, not 501. */
    private static final Set<String> KNOWN_HTTP = Set.of("POST", "PATCH", "TRACE", "CONNECT", "REPORT", "SEARCH");

    private final Map<String, DavMethod> methods;
    private final DatabaseRetry retry;

    DavServlet(List<DavMethod> methods, DatabaseRetry retry) {
        this.retry = retry;
        this.methods = methods.stream().collect(Collectors.toUnmodifiableMap(DavMethod::name, Function.identity()));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            UserAccount user = currentUser();
            String rawPath = request.getRequestURI().substring(request.getContextPath().length());
            DavLocation location = DavPaths.resolve(rawPath, user.username())
                    .orElseThrow(() -> new StratusException(ErrorCode.NOT_FOUND, "No such WebDAV location"));
            if (!location.owner().equalsIgnoreCase(user.username())) {
                throw new StratusException(ErrorCode.FORBIDDEN, "You can only access your own files");
            }
            DavMethod method = methods.get(request.getMethod());
            if (method == null) {
                response.setHeader("Allow", OptionsMethod.ALLOW);
                throw KNOWN_HTTP.contains(request.getMethod())
                        ? new StratusException(ErrorCode.METHOD_NOT_ALLOWED,
                                request.getMethod() + " is not allowed on WebDAV resources")
                        : new StratusException(ErrorCode.NOT_IMPLEMENTED, request.getMethod() + " is not implemented");
            }
            DavRequest davRequest = new DavRequest(request, response, user, location);
            // A database failover during a request that can run again (nothing streamed in, nothing sent out) is
            // retried as a whole; the transactions inside FileService retry on their own as well.
            retry.call(() -> {
                try {
                    method.handle(davRequest);
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, () -> {
                if (davRequest.replayable()) {
                    davRequest.resetResponse();
                    return true;
                }
                return false;
            });
        } catch (GetMethod.RangeNotSatisfiable e) {
            response.setHeader("Content-Range", "bytes */" + e.size);
            ErrorResponses.write(request, response, e.code(), e.getMessage());
        } catch (StratusException e) {
            if (e.code() == ErrorCode.INTERNAL) {
                log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e.getCause());
            } else {
                log.debug("{} {} -> {} {}", request.getMethod(), request.getRequestURI(), e.code().status(),
                        e.getMessage());
            }
            ErrorResponses.write(request, response, e.code(), e.getMessage());
        } catch (UncheckedIOException e) {
            handleIo(request, response, e.getCause());
        } catch (RuntimeException e) {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            ErrorResponses.write(request, response, ErrorCode.INTERNAL,
                    "Internal server error; see the server log for request " + RequestIdFilter.of(request));
        }
    }

    private static void handleIo(HttpServletRequest request, HttpServletResponse response, IOException e)
            throws IOException {
        if (response.isCommitted()) {
            // Mostly the client going away mid-transfer: there is nobody left to answer.
            log.debug("{} {}: connection error: {}", request.getMethod(), request.getRequestURI(), e.toString());
        } else {
            log.error("{} {}: storage error", request.getMethod(), request.getRequestURI(), e);
            ErrorResponses.write(request, response, ErrorCode.INTERNAL,
                    "The file could not be read; see the server log for request " + RequestIdFilter.of(request));
        }
    }

    private static UserAccount currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof AuthenticatedUser user)) {
            throw new StratusException(ErrorCode.UNAUTHORIZED);
        }
        return user.account();
    }
}
