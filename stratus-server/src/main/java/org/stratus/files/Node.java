package org.stratus.files;

/**
 * A file or folder as stored. {@code size} of a folder is the total below it; {@code mtime} is in seconds.
 * Checksums are lowercase hex; {@code blobKey} is null for folders.
 */
public record Node(
        long id,
        long ownerId,
        Long parentId,
        FilePath path,
        boolean isDir,
        long size,
        long mtime,
        String etag,
        String contentType,
        String blobKey,
        String sha1,
        String md5,
        String adler32) {

    public String name() {
        return path.name();
    }
}
