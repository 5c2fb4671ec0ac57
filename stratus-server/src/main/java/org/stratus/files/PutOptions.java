package org.stratus.files;

/**
 * How to store an upload.
 *
 * @param declaredLength the Content-Length, or -1 when the body is chunked
 * @param mtime modification time to record in seconds (X-OC-MTime), or null for now
 * @param expectedChecksum a checksum the client sent (OC-Checksum), verified before commit; null for none
 * @param guard preconditions checked in the commit transaction
 */
public record PutOptions(long declaredLength, Long mtime, ExpectedChecksum expectedChecksum, WriteGuard guard) {}
