package org.stratus.dav;

import org.stratus.files.FilePath;

/**
 * A resource addressed through one of the DAV roots.
 *
 * @param root the decoded root prefix, e.g. {@code /remote.php/dav/files/alice} or {@code /remote.php/webdav}
 * @param owner the user whose tree it is (as written in the URL)
 * @param path the path inside that tree
 */
record DavLocation(String root, String owner, FilePath path) {

    /** The href of a node below the same root, encoded; folders end with a slash. */
    String href(FilePath target, boolean folder) {
        StringBuilder href = new StringBuilder(DavPaths.encodePath(root));
        href.append('/');
        if (!target.isRoot()) {
            href.append(DavPaths.encodePath(target.value()));
            if (folder) {
                href.append('/');
            }
        }
        return href.toString();
    }

    DavLocation withPath(FilePath other) {
        return new DavLocation(root, owner, other);
    }
}
