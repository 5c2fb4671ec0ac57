package org.stratus.ocs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /status.php}: the first request of every Nextcloud client, public. */
@RestController
class StatusController {

    @GetMapping("/status.php")
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("installed", true);
        status.put("maintenance", false);
        status.put("needsDbUpgrade", false);
        status.put("version", ServerVersion.FULL);
        status.put("versionstring", ServerVersion.STRING);
        status.put("edition", "");
        status.put("productname", "Stratus");
        status.put("extendedSupport", false);
        return status;
    }
}
