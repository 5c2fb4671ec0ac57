package org.stratus.ocs;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stratus.auth.AuthenticatedUser;
import org.stratus.files.FilePath;
import org.stratus.files.FileService;
import org.stratus.users.UserAccount;

/** The OCS endpoints the Nextcloud clients call after {@code status.php}: capabilities and the current user. */
@RestController
class OcsController {

    private final FileService files;

    OcsController(FileService files) {
        this.files = files;
    }

    @GetMapping({"/ocs/v1.php/cloud/capabilities", "/ocs/v2.php/cloud/capabilities"})
    ResponseEntity<?> capabilities(HttpServletRequest request) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("version", ServerVersion.asMap());
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("core", Map.of("pollinterval", 60, "webdav-root", "remote.php/webdav",
                "reference-api", false));
        capabilities.put("dav", Map.of("bulkupload", "", "chunking", ""));
        capabilities.put("files", Map.of(
                "bigfilechunking", false,
                "blacklisted_files", List.copyOf(FilePath.FORBIDDEN_NAMES),
                "forbidden_filenames", List.copyOf(FilePath.FORBIDDEN_NAMES),
                "forbidden_filename_extensions", List.copyOf(FilePath.FORBIDDEN_EXTENSIONS),
                "forbidden_filename_characters", List.of("/", "\\"),
                "undelete", false,
                "versioning", false));
        capabilities.put("checksums", Map.of("supportedTypes", List.of("SHA1", "MD5", "ADLER32"),
                "preferredUploadType", "SHA1"));
        data.put("capabilities", capabilities);
        return OcsResponses.ok(request, data);
    }

    @GetMapping({"/ocs/v1.php/cloud/user", "/ocs/v2.php/cloud/user"})
    ResponseEntity<?> currentUser(HttpServletRequest request, @AuthenticationPrincipal AuthenticatedUser principal) {
        UserAccount user = principal.account();
        FileService.Usage usage = files.usage(user);
        Map<String, Object> quota = new LinkedHashMap<>();
        long total = user.hasQuota() ? user.quotaBytes() : usage.usedBytes();
        quota.put("free", user.hasQuota() ? usage.availableBytes() : -3);
        quota.put("used", usage.usedBytes());
        quota.put("total", total);
        quota.put("relative", total > 0 ? Math.round(usage.usedBytes() * 10000.0 / total) / 100.0 : 0);
        quota.put("quota", user.hasQuota() ? user.quotaBytes() : -3);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("enabled", true);
        data.put("id", user.username());
        data.put("display-name", user.displayName());
        data.put("displayname", user.displayName());
        data.put("email", user.email() == null ? "" : user.email());
        data.put("quota", quota);
        data.put("groups", List.of());
        data.put("language", "en");
        data.put("locale", "");
        return OcsResponses.ok(request, data);
    }
}
