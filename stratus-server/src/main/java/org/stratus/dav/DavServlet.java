package org.stratus.dav;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.CannotCreateTransactionException;
import org.stratus.auth.AuthenticatedUser;
import org.stratus.error.ErrorCode;
import org.stratus.error.ErrorResponses;
import org.stratus.error.StratusException;
import org.stratus.ops.DatabaseMetrics;
import org.stratus.users.UserAccount;

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
    private final DatabaseMetrics databaseMetrics;

    DavServlet(List<DavMethod> methods, DatabaseMetrics databaseMetrics) {
        this.databaseMetrics = databaseMetrics;
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
            method.handle(new DavRequest(request, response, user, location));
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
        } catch (CannotCreateTransactionException
                | DataAccessResourceFailureException | TransientDataAccessException e) {
            log.warn("{} {}: database unavailable: {}", request.getMethod(), request.getRequestURI(), e.toString());
            databaseMetrics.unavailable();
            ErrorResponses.write(request, response, ErrorCode.SERVICE_UNAVAILABLE,
                    "The database is unavailable; nothing was changed. Try again shortly");
        } catch (IOException e) {
            if (response.isCommitted()) {
                // Mostly the client going away mid-transfer: there is nobody left to answer.
                log.debug("{} {}: connection error: {}", request.getMethod(), request.getRequestURI(), e.toString());
            } else {
                log.error("{} {}: storage error", request.getMethod(), request.getRequestURI(), e);
                ErrorResponses.write(request, response, ErrorCode.INTERNAL,
                        "The file could not be read; see the server log for request "
                                + response.getHeader("X-Request-Id"));
            }
        } catch (RuntimeException e) {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            ErrorResponses.write(request, response, ErrorCode.INTERNAL,
                    "Internal server error; see the server log for request " + response.getHeader("X-Request-Id"));
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
