package org.stratus.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.stratus.auth.AuthenticatedUser;

/**
 * Runs just inside Spring Security: puts the authenticated user's numeric id (never the password or a token) on
 * every log line of the request and leaves it for the access log.
 */
public final class UserMdcFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AuthenticatedUser user) {
            String id = Long.toString(user.account().id());
            request.setAttribute(RequestObservationFilter.USER_ATTRIBUTE, id);
            MDC.put("user_id", id);
            try {
                chain.doFilter(request, response);
            } finally {
                MDC.remove("user_id");
            }
        } else {
            chain.doFilter(request, response);
        }
    }
}
