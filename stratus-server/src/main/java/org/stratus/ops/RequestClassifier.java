package org.stratus.ops;

import java.util.Set;

/**
 * Maps a request to low-cardinality labels: protocol, operation and the route template used in logs. Never a user
 * name, a path or a file id.
 */
final class RequestClassifier {

    record Route(String protocol, String operation, String template) {}

    private static final Set<String> DAV_METHODS = Set.of("OPTIONS", "PROPFIND", "PROPPATCH", "GET", "HEAD", "PUT",
            "DELETE", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "POST", "PATCH", "REPORT", "SEARCH");

    private RequestClassifier() {}

    static Route classify(String method, String uri) {
        if (uri.startsWith("/remote.php/dav/files/")) {
            return new Route("dav", davOperation(method), "/remote.php/dav/files/{user}/{path}");
        }
        if (uri.startsWith("/remote.php/webdav")) {
            return new Route("dav", davOperation(method), "/remote.php/webdav/{path}");
        }
        if (uri.startsWith("/remote.php/")) {
            return new Route("dav", davOperation(method), "/remote.php/{other}");
        }
        if (uri.startsWith("/ocs/")) {
            String version = uri.startsWith("/ocs/v2.php/") ? "v2" : "v1";
            if (uri.endsWith("/cloud/capabilities")) {
                return new Route("ocs", "capabilities", "/ocs/" + version + ".php/cloud/capabilities");
            }
            if (uri.endsWith("/cloud/user")) {
                return new Route("ocs", "user", "/ocs/" + version + ".php/cloud/user");
            }
            return new Route("ocs", "other", "/ocs/{other}");
        }
        if (uri.equals("/status.php")) {
            return new Route("status", "status", "/status.php");
        }
        if (uri.startsWith("/actuator/health")) {
            return new Route("actuator", "health", "/actuator/health/{probe}");
        }
        if (uri.equals("/actuator/prometheus")) {
            return new Route("actuator", "prometheus", "/actuator/prometheus");
        }
        return new Route("other", "other", "{other}");
    }

    private static String davOperation(String method) {
        return DAV_METHODS.contains(method) ? method : "other";
    }
}
