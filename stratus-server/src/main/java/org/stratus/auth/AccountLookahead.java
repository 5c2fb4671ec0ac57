package org.stratus.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.stratus.files.FilePath;

/**
 * Names the node of the user's tree that a request's handler reads first, so that the authentication's account
 * lookup fetches both in one query: a small GET or a Depth 0 PROPFIND then costs one database round trip instead
 * of two. The account, its password hash included, is still read on every request.
 */
public interface AccountLookahead {

    /** Reads nothing ahead. */
    AccountLookahead NONE = (request, username) -> Optional.empty();

    /** The path to read along with the account of {@code username}, if the handler of {@code request} needs it. */
    Optional<FilePath> pathFor(HttpServletRequest request, String username);
}
