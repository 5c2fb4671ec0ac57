package org.stratus.files;

/** A blob that has been written and hashed, ready to be committed as a file's content. */
public record StoredContent(String blobKey, long size, String sha1, String md5, String adler32) {}
