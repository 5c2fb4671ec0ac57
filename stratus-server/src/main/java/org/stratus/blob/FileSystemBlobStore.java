package org.stratus.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs as files under {@code root/blobs/ab/cd/KEY}, written to {@code root/tmp} first, fsynced, then renamed
 * into place and the folder fsynced: after {@link #put} returns, a power cut cannot lose or tear the blob.
 * Works on a shared (ReadWriteMany) volume because no two writers ever use the same key.
 */
public final class FileSystemBlobStore implements BlobBackend {

    private static final Logger log = LoggerFactory.getLogger(FileSystemBlobStore.class);

    private final Path blobs;
    private final Path tmp;

    public FileSystemBlobStore(Path root) throws IOException {
        this.blobs = Files.createDirectories(root.resolve("blobs"));
        this.tmp = Files.createDirectories(root.resolve("tmp"));
    }

    @Override
    public void put(String key, InputStream content) throws IOException {
        Path target = pathOf(key);
        Path temp = Files.createTempFile(tmp, key, ".upload");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.transferTo(out);
                channel.force(true);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("The blob folder must be on one filesystem with its tmp folder", e);
            }
            fsyncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(pathOf(key), StandardOpenOption.READ);
        try {
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Optional<Path> localFile(String key) throws IOException {
        Path file = pathOf(key);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return Optional.of(file);
    }

    /** The file that holds a blob, for zero-copy transfers. */
    public Path pathOf(String key) {
        BlobKeys.requireValid(key);
        return blobs.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    @Override
    public void list(Instant before, Consumer<String> keys) throws IOException {
        try (var files = Files.find(blobs, 3, (path, attrs) -> attrs.isRegularFile()
                && attrs.lastModifiedTime().toInstant().isBefore(before))) {
            files.map(path -> path.getFileName().toString()).filter(BlobKeys::isValid)
                    .forEach(keys);
        }
    }

    /** Removes upload temporaries that a crashed process left behind. */
    @Override
    public int deleteStaleTemporaries(Instant before) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                        Files.deleteIfExists(file);
                        deleted++;
                    }
                } catch (NoSuchFileException ignored) {
                    // removed concurrently: nothing to do
                }
            }
        }
        return deleted;
    }

    @Override
    public String backend() {
        return "filesystem";
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some filesystems refuse to open folders for fsync; the rename itself is still atomic there.
            log.debug("Cannot fsync folder {}: {}", dir, e.toString());
        }
    }

}
