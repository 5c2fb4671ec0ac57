package org.stratus.auth;

import java.util.Arrays;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;

/**
 * Limits Spring Session's filter to the browser pages. Boot maps it on every URL, so each WebDAV and OCS request,
 * which authenticates with HTTP Basic and never has a session, had its request and response wrapped, and every
 * write of a download went through the wrapper's commit check. Mapping it on exactly the paths of the browser
 * security chain keeps browser sessions in PostgreSQL and takes the wrappers off the API.
 */
final class BrowserSessionScope implements BeanPostProcessor {

    /** The name Spring Boot gives the registration of {@code SessionRepositoryFilter}. */
    static final String REGISTRATION_BEAN = "sessionRepositoryFilterRegistration";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (REGISTRATION_BEAN.equals(beanName) && bean instanceof AbstractFilterRegistrationBean<?> registration) {
            registration.setUrlPatterns(Arrays.stream(SecurityConfiguration.BROWSER)
                    .map(BrowserSessionScope::servletPattern)
                    .toList());
        }
        return bean;
    }

    /** Spring Security's {@code /a/**} is the servlet mapping {@code /a/*}; exact paths stay as they are. */
    static String servletPattern(String securityPattern) {
        return securityPattern.endsWith("/**")
                ? securityPattern.substring(0, securityPattern.length() - 1)
                : securityPattern;
    }
}
