package org.stratus.auth;

import jakarta.servlet.ServletRequest;
import java.util.Optional;
import org.stratus.files.FilePath;
import org.stratus.files.Node;

/**
 * A node read in the same query as the account that authenticated the request (see {@link AccountLookahead}),
 * kept on the request until its handler takes it. It is handed out once: a handler that reads the node again
 * (a retry after a concurrent change, a replay after a failover) reads the database.
 *
 * @param ownerId the account the node was looked up for
 * @param path the path looked up
 * @param node the node there, or empty when nothing exists at that path
 */
public record PrefetchedNode(long ownerId, FilePath path, Optional<Node> node) {

    static final String ATTRIBUTE = PrefetchedNode.class.getName();

    void storeOn(ServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    /** The node read ahead for exactly this owner and path, removed from the request; empty if there is none. */
    public static Optional<PrefetchedNode> take(ServletRequest request, long ownerId, FilePath path) {
        if (!(request.getAttribute(ATTRIBUTE) instanceof PrefetchedNode prefetched)) {
            return Optional.empty();
        }
        request.removeAttribute(ATTRIBUTE);
        return prefetched.ownerId == ownerId && prefetched.path.equals(path)
                ? Optional.of(prefetched) : Optional.empty();
    }
}
