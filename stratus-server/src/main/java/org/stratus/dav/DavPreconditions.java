package org.stratus.dav;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FilePath;
import org.stratus.files.FileService;
import org.stratus.files.Node;
import org.stratus.files.WriteGuard;
import org.stratus.locks.IfHeader;
import org.stratus.locks.LockService;

/**
 * Request preconditions: HTTP's If-Match / If-None-Match / If-Unmodified-Since (RFC 9110) and WebDAV's If header
 * and lock tokens (RFC 4918). Writes get them as a {@link WriteGuard}, evaluated inside the write transaction.
 */
final class DavPreconditions {

    private final FileService files;
    private final LockService locks;

    DavPreconditions(FileService files, LockService locks) {
        this.files = files;
        this.locks = locks;
    }

    /**
     * A guard for changing the request's resource.
     *
     * @param membership the change adds or removes the resource from its folder (create, delete, rename)
     * @param descendants the change affects everything below the resource too
     */
    WriteGuard forWrite(DavRequest request, boolean membership, boolean descendants) {
        return current -> {
            checkHttpConditions(request, current);
            checkIfHeader(request, current);
            locks.checkSubmitted(request.user().id(), request.location().path(), membership || current.isEmpty(),
                    descendants, request.ifHeader().submittedTokens());
        };
    }

    /** Lock check for a second resource of the request (the destination of COPY and MOVE). */
    void checkLocks(DavRequest request, FilePath path, boolean membership, boolean descendants) {
        locks.checkSubmitted(request.user().id(), path, membership, descendants, request.ifHeader().submittedTokens());
    }

    /** If-Match, If-None-Match and If-Unmodified-Since for a state-changing request: 412 when not met. */
    static void checkHttpConditions(DavRequest request, Optional<Node> current) {
        String ifMatch = request.header("If-Match");
        if (ifMatch != null && !matches(ifMatch, current)) {
            throw new StratusException(ErrorCode.PRECONDITION_FAILED,
                    current.isPresent() ? "The resource has changed (If-Match)" : "The resource does not exist");
        }
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null && matches(ifNoneMatch, current)) {
            throw new StratusException(ErrorCode.PRECONDITION_FAILED,
                    "The resource already exists or has not changed (If-None-Match)");
        }
        String ifUnmodifiedSince = request.header("If-Unmodified-Since");
        if (ifUnmodifiedSince != null && ifMatch == null && current.isPresent()) {
            parseDate(ifUnmodifiedSince).filter(since -> current.get().mtime() > since).ifPresent(since -> {
                throw new StratusException(ErrorCode.PRECONDITION_FAILED, "The resource was modified since then");
            });
        }
    }

    /** True when an If-Match/If-None-Match list matches the current entity tag ({@code *}: any). */
    static boolean matches(String header, Optional<Node> current) {
        if (current.isEmpty()) {
            return false;
        }
        String etag = LiveProperties.quotedEtag(current.get());
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || (tag.startsWith("W/") && tag.substring(2).equals(etag))) {
                return true;
            }
        }
        return false;
    }

    static Optional<Long> parseDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // RFC 9110: an invalid date is ignored
        }
    }

    /** Evaluates the WebDAV If header: 412 unless at least one condition list holds. */
    void checkIfHeader(DavRequest request, Optional<Node> current) {
        IfHeader header = request.ifHeader();
        if (header.isEmpty()) {
            return;
        }
        for (IfHeader.ConditionList list : header.lists()) {
            if (holds(request, list, current)) {
                return;
            }
        }
        throw new StratusException(ErrorCode.PRECONDITION_FAILED, "No condition of the If header holds");
    }

    private boolean holds(DavRequest request, IfHeader.ConditionList list, Optional<Node> current) {
        FilePath path = request.location().path();
        Optional<Node> node = current;
        if (list.resource() != null) {
            DavLocation tagged;
            try {
                tagged = DavPaths.resolveDestination(list.resource(), request.header("Host"),
                        request.user().username());
            } catch (StratusException e) {
                return false;
            }
            if (!tagged.owner().equalsIgnoreCase(request.user().username())) {
                return false;
            }
            path = tagged.path();
            node = path.equals(request.location().path()) ? current : files.find(request.user(), path);
        }
        for (IfHeader.Condition condition : list.conditions()) {
            boolean result;
            if (condition.token() != null) {
                result = locks.tokenCovers(request.user().id(), path, condition.token());
            } else {
                result = node.isPresent() && stripWeak(condition.etag()).equals(LiveProperties.quotedEtag(node.get()));
            }
            if (result == condition.not()) {
                return false;
            }
        }
        return true;
    }

    private static String stripWeak(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }
}
