package org.stratus.auth;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.stratus.error.ErrorCode;
import org.stratus.error.ErrorResponses;
import org.stratus.error.StratusException;
import org.stratus.db.DatabaseRetry;
import org.springframework.security.authentication.InternalAuthenticationServiceException;

/**
 * HTTP Basic over the user database for every API (the sync clients send credentials with each request, so no
 * session or CSRF token is involved yet). Discovery endpoints and health probes are public.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Methods that WebDAV and its clients use; the firewall rejects anything else early with 405. */
    static final List<String> ALLOWED_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
            "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "REPORT", "SEARCH");
    static final String REALM = "Stratus";

    /** Endpoints anyone may call. Checked first and without HTTP Basic, so wrong credentials do not turn them 401. */
    static final String[] PUBLIC = {"/status.php", "/actuator/health", "/actuator/health/**", "/actuator/prometheus",
        "/ocs/v1.php/cloud/capabilities", "/ocs/v2.php/cloud/capabilities", "/error"};

    @Bean
    @Order(1)
    SecurityFilterChain publicEndpoints(HttpSecurity http) throws Exception {
        http.securityMatcher(PUBLIC)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
        return http.build();
    }

    /**
     * Browser pages: form login, a session in PostgreSQL (any replica serves it), CSRF protection. Spring
     * Session's filter is mapped on these paths only ({@link BrowserSessionScope}).
     */
    static final String[] BROWSER = {"/", "/login", "/logout", "/index.php", "/index.php/**"};

    @Bean
    @Order(2)
    SecurityFilterChain browserSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher(BROWSER)
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .formLogin(form -> form.defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint entryPoint = (request, response, e) -> {
            if (e instanceof InternalAuthenticationServiceException && e.getCause() instanceof StratusException failure) {
                // The user database could not be asked (failover past the retry window): not the client's fault.
                ErrorResponses.write(request, response, failure.code(), failure.getMessage());
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            ErrorResponses.write(request, response, ErrorCode.UNAUTHORIZED,
                    request.getHeader("Authorization") == null ? "Authentication is required"
                            : "Wrong user name or password");
        };
        AccessDeniedHandler denied = (request, response, e) ->
                ErrorResponses.write(request, response, ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN.message());
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // No servlet-API request wrapper (nothing here asks request.getRemoteUser()) and no logout
                // endpoint (a Basic client has nothing to log out of): two filters less on every request.
                .servletApi(servletApi -> servletApi.disable())
                .logout(logout -> logout.disable())
                // The security headers are written before the handler runs instead of from a wrapper that
                // watches every write of the body for the moment the response commits.
                .headers(headers -> headers.withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(entryPoint))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied));
        return http.build();
    }

    /**
     * No Micrometer observation per security filter, authentication and authorization: a dozen observations per
     * request were a third of the CPU of a small GET, and nothing reads them (stratus_requests_seconds and the
     * access log cover every request, refused ones included).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    static BrowserSessionScope browserSessionScope() {
        return new BrowserSessionScope();
    }

    @Bean
    UserDetailsService accountUserDetailsService(JdbcClient jdbc, DatabaseRetry retry,
            ObjectProvider<AccountLookahead> lookahead) {
        return new AccountUserDetailsService(jdbc, retry, lookahead.getIfAvailable(() -> AccountLookahead.NONE));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return Passwords.cachingEncoder();
    }

    /**
     * WebDAV needs more methods than the default firewall allows, and file names may contain {@code %} and
     * {@code ;}. Encoded slashes, backslashes, dots and NUL stay rejected: they only serve path traversal.
     */
    @Bean
    WebSecurityCustomizer davFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHttpMethods(ALLOWED_METHODS);
        firewall.setAllowUrlEncodedPercent(true);
        firewall.setAllowSemicolon(true);
        RequestRejectedHandler rejected = (request, response, e) -> {
            String method = request.getMethod();
            boolean unknownMethod = method != null && !ALLOWED_METHODS.contains(method);
            if (unknownMethod) {
                response.setHeader("Allow", String.join(", ", ALLOWED_METHODS));
            }
            ErrorResponses.write(request, response,
                    unknownMethod ? ErrorCode.METHOD_NOT_ALLOWED : ErrorCode.INVALID_PATH,
                    unknownMethod ? "Method " + method + " is not supported"
                            : "The request URL is not allowed: it contains an encoded or forbidden character");
        };
        return web -> web.httpFirewall(firewall).requestRejectedHandler(rejected);
    }

}
