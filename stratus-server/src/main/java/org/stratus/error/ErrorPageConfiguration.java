package org.stratus.error;

import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link ContainerErrorReportValve} in place of the error report valve that Tomcat and Spring Boot install. */
@Configuration(proxyBeanMethods = false)
class ErrorPageConfiguration {

    @Bean
    ErrorReportValveCustomizer errorReportValveCustomizer() {
        return new ErrorReportValveCustomizer();
    }

    static final class ErrorReportValveCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ContainerErrorReportValve());
                if (host instanceof StandardHost standardHost) {
                    // Else the host adds a stock ErrorReportValve at start, as it finds none of its class.
                    standardHost.setErrorReportValveClass(ContainerErrorReportValve.class.getName());
                }
            });
        }

        /** After Spring Boot's own customizer, whose context customizer adds the stock valve. */
        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
