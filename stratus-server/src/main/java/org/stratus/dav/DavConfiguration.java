package org.stratus.dav;

import java.util.List;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stratus.config.StratusProperties;
import org.stratus.files.FileService;
import org.stratus.identity.InstanceIdentity;
import org.stratus.locks.LockService;
import org.stratus.db.DatabaseRetry;
import org.stratus.ops.TransferMetrics;

/** Wires the WebDAV methods into one servlet mapped at both DAV roots. */
@Configuration(proxyBeanMethods = false)
class DavConfiguration {

    @Bean
    ServletRegistrationBean<DavServlet> davServlet(FileService files, LockService locks, JdbcClient jdbc,
            InstanceIdentity identity, StratusProperties properties, TransferMetrics transferMetrics,
            DatabaseRetry retry) {
        int maxXml = properties.limits().maxXmlBodyBytes();
        DeadPropertyRepository deadProperties = new DeadPropertyRepository(jdbc);
        DavPreconditions preconditions = new DavPreconditions(files, locks);
        List<DavMethod> methods = List.of(
                new OptionsMethod(),
                new PropfindMethod(files, locks, deadProperties, identity, maxXml),
                new ProppatchMethod(files, deadProperties, preconditions, maxXml),
                new GetMethod(files, identity, false, transferMetrics),
                new GetMethod(files, identity, true, transferMetrics),
                new PutMethod(files, preconditions, identity),
                new DeleteMethod(files, preconditions),
                new MkcolMethod(files, preconditions, identity),
                new CopyMoveMethod(files, preconditions, identity, false),
                new CopyMoveMethod(files, preconditions, identity, true),
                new LockMethod(files, locks, preconditions, maxXml),
                new UnlockMethod(files, locks));
        ServletRegistrationBean<DavServlet> registration = new ServletRegistrationBean<>(new DavServlet(methods, retry),
                "/remote.php/dav/*", "/remote.php/webdav", "/remote.php/webdav/*");
        registration.setName("webdav");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    DavLookahead davLookahead() {
        return new DavLookahead();
    }
}
