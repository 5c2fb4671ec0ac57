package org.stratus.dav;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;
import org.stratus.auth.AccountLookahead;
import org.stratus.error.StratusException;
import org.stratus.files.FilePath;

/**
 * GET, HEAD and PROPFIND start by reading the node at the request's path: name it to the account lookup, which
 * then reads it in the same query ({@link org.stratus.auth.PrefetchedNode}). Requests that write read the node
 * under the user's root lock, so reading it ahead would gain nothing.
 */
final class DavLookahead implements AccountLookahead {

    private static final Set<String> READS = Set.of("GET", "HEAD", "PROPFIND");

    @Override
    public Optional<FilePath> pathFor(HttpServletRequest request, String username) {
        if (!READS.contains(request.getMethod())) {
            return Optional.empty();
        }
        try {
            String rawPath = request.getRequestURI().substring(request.getContextPath().length());
            return DavPaths.resolve(rawPath, username)
                    .filter(location -> location.owner().equalsIgnoreCase(username))
                    .map(DavLocation::path);
        } catch (StratusException invalidPath) {
            return Optional.empty(); // the servlet answers it with the right error; nothing to read ahead
        }
    }
}
