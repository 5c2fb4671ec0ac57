package org.stratus.files;

import java.util.Optional;

/**
 * A protocol's preconditions (entity tags, lock tokens), run inside the write transaction after the user's tree is
 * locked, so that the state it checks is the state the write changes. Throws a
 * {@link org.stratus.error.StratusException} to refuse.
 */
@FunctionalInterface
public interface WriteGuard {

    WriteGuard NONE = current -> {};

    /** @param current the node at the request's target path (the source for COPY and MOVE), if any */
    void check(Optional<Node> current);
}
