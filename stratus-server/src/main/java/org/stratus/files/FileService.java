package org.stratus.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.stratus.db.DatabaseRetry;
import org.stratus.blob.BlobStore;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.ops.TransferMetrics;
import org.stratus.users.UserAccount;

/**
 * File operations on a user's tree, free of HTTP. Each write is one database transaction that first locks the
 * user's root row (see {@link NodeRepository}), runs the caller's {@link WriteGuard}, changes the nodes and
 * updates every ancestor's size and entity tag. Content is written to a new blob before that transaction and
 * only referenced by it, so a failed write leaves the old content and no partial file; blobs that lose their last
 * reference are deleted after the commit, in the background ({@link BlobReleaser#releaseLater}).
 */
public final class FileService {

    public static final String FOLDER_CONTENT_TYPE = "httpd/unix-directory";

    private final NodeRepository nodes;
    private final BlobStore blobs;
    private final BlobReleaser releaser;
    private final DatabaseRetry tx;
    private final CommitBatcher commits;
    private final long maxUploadBytes;
    private final Clock clock;
    private final TransferMetrics metrics;

    public FileService(NodeRepository nodes, BlobStore blobs, BlobReleaser releaser, DatabaseRetry tx,
            long maxUploadBytes, Clock clock, TransferMetrics metrics) {
        this.metrics = metrics;
        this.nodes = nodes;
        this.blobs = blobs;
        this.releaser = releaser;
        this.tx = tx;
        this.commits = new CommitBatcher(tx);
        this.maxUploadBytes = maxUploadBytes;
        this.clock = clock;
    }

    public Optional<Node> find(UserAccount user, FilePath path) {
        return nodes.find(user.id(), path);
    }

    public Node require(UserAccount user, FilePath path) {
        return find(user, path).orElseThrow(() -> notFound(path));
    }

    public static StratusException notFound(FilePath path) {
        return new StratusException(ErrorCode.NOT_FOUND, "'" + path + "' does not exist");
    }

    public List<Node> children(Node folder) {
        return folder.isDir() ? nodes.children(folder.id()) : List.of();
    }

    /** Opens {@code length} bytes of a file's content from {@code offset}. */
    public InputStream open(Node file, long offset, long length) throws IOException {
        return blobs.get(file.blobKey(), offset, length);
    }

    /**
     * The local file holding a file's content, for zero-copy sending; empty when the blob store is not local.
     *
     * @throws java.nio.file.NoSuchFileException when the content was released since the node was read
     */
    public Optional<Path> localFile(Node file) throws IOException {
        return blobs.localFile(file.blobKey());
    }

    /** Bytes the user's files take, and the quota (-1 when unlimited). */
    public Usage usage(UserAccount user) {
        return new Usage(require(user, FilePath.ROOT).size(), user.quotaBytes());
    }

    public record Usage(long usedBytes, long quotaBytes) {
        /** Free bytes, or -3 (Nextcloud's "unlimited") when there is no quota. */
        public long availableBytes() {
            return quotaBytes < 0 ? -3 : Math.max(0, quotaBytes - usedBytes);
        }
    }

    public record PutResult(Node node, boolean created) {}

    /** Stores an upload at {@code path}, creating or replacing the file; see the class comment for atomicity. */
    public PutResult put(UserAccount user, FilePath path, InputStream body, PutOptions options) {
        if (path.isRoot()) {
            throw new StratusException(ErrorCode.METHOD_NOT_ALLOWED, "Cannot upload onto the root folder");
        }
        if (options.declaredLength() > maxUploadBytes) {
            throw new StratusException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The file is larger than the limit of " + maxUploadBytes + " bytes");
        }
        // A small body of known length is read sooner than the fail-fast checks would run, and commitPut checks
        // everything again anyway: two queries fewer for the most common upload.
        long quotaRoom = isSmall(options) ? Long.MAX_VALUE : failFast(user, path, options);

        TransferMetrics.Upload upload = metrics.startUpload();
        try {
            StoredContent content = store(body, options, quotaRoom);
            try {
                PutResult result = commits.run(user.id(), status -> commitPut(user, path, content, options));
                upload.committed(content.size());
                return result;
            } catch (DatabaseRetry.CommitOutcomeUnknownException e) {
                // The node may now reference the blob, so it stays. If the commit was lost after all, the blob is
                // unreferenced and the sweeper deletes it later (asking the database now would only make the 503
                // wait for a connection while the database is failing over).
                throw e;
            } catch (RuntimeException e) {
                releaser.discard(content.blobKey());
                throw e;
            }
        } finally {
            upload.failed(); // no-op when committed
        }
    }

    /**
     * Fails fast, before the body is read: wrong parent, preconditions, quota (all checked again at commit). Returns
     * the room left in the quota for this upload: checked up front when the length is known, and enforced while
     * streaming when it is not (a chunked body must not fill the disk before the commit says 507).
     */
    private long failFast(UserAccount user, FilePath path, PutOptions options) {
        NodeRepository.WithParent state = nodes.findWithParent(user.id(), path);
        Optional<Node> before = state.node();
        requireFolder(path.parent(), state.parent());
        before.filter(Node::isDir).ifPresent(dir -> {
            throw new StratusException(ErrorCode.METHOD_NOT_ALLOWED, "'" + path + "' is a folder");
        });
        options.guard().check(before);
        long oldSize = before.map(Node::size).orElse(0L);
        if (!user.hasQuota()) {
            return Long.MAX_VALUE;
        }
        long used = usage(user).usedBytes();
        if (options.declaredLength() >= 0) {
            checkQuota(user, used, options.declaredLength() - oldSize);
        }
        return Math.max(0, user.quotaBytes() - used + oldSize);
    }

    /**
     * Up to this many announced bytes, an upload skips the fail-fast checks: storing and discarding a refused small
     * body costs less than two queries on every accepted one. The body may not outgrow its announced length, so
     * the quota needs no streaming limit: the commit enforces it.
     */
    static final long SMALL_UPLOAD_BYTES = 64 * 1024;

    private static boolean isSmall(PutOptions options) {
        return options.declaredLength() >= 0 && options.declaredLength() <= SMALL_UPLOAD_BYTES;
    }

    private StoredContent store(InputStream body, PutOptions options, long quotaRoom) {
        String key = UUID.randomUUID().toString();
        boolean quotaBound = quotaRoom < maxUploadBytes;
        // A small upload streams without a quota limit, so it must not outgrow its announced length (a chunked body
        // announced by OC-Total-Length is not bounded by the container).
        boolean small = isSmall(options);
        HashingInputStream hashing = new HashingInputStream(body,
                small ? options.declaredLength() : Math.min(maxUploadBytes, quotaRoom),
                () -> small
                        ? new StratusException(ErrorCode.INCOMPLETE_BODY, "The body is longer than the "
                                + options.declaredLength() + " bytes announced; nothing was changed")
                        : quotaBound
                        ? new StratusException(ErrorCode.INSUFFICIENT_STORAGE, "The upload is larger than the "
                                + quotaRoom + " bytes left in your quota; nothing was changed")
                        : new StratusException(ErrorCode.PAYLOAD_TOO_LARGE,
                                "The file is larger than the limit of " + maxUploadBytes + " bytes"));
        try {
            blobs.put(key, hashing);
        } catch (HashingInputStream.UploadTooLargeException e) {
            throw e.toStratus();
        } catch (IOException e) {
            if (!hashing.sourceFailed()) {
                // The store failed, not the client: a 5xx that a client retries, not a 400 that it gives up on.
                throw new StratusException(ErrorCode.SERVICE_UNAVAILABLE,
                        "The file could not be stored; nothing was changed. Try again shortly", e);
            }
            throw new StratusException(ErrorCode.INCOMPLETE_BODY,
                    "The upload was interrupted after " + hashing.count() + " bytes; nothing was changed", e);
        }
        StoredContent content = hashing.result(key);
        try {
            if (options.declaredLength() >= 0 && content.size() != options.declaredLength()) {
                throw new StratusException(ErrorCode.INCOMPLETE_BODY, "Received " + content.size()
                        + " bytes but Content-Length announced " + options.declaredLength() + "; nothing was changed");
            }
            if (options.expectedChecksum() != null) {
                options.expectedChecksum().verify(content);
            }
        } catch (RuntimeException e) {
            releaser.discard(key);
            throw e;
        }
        return content;
    }

    /** The metadata half of a PUT, in as few round trips as the root lock allows: it is held until the commit. */
    private PutResult commitPut(UserAccount user, FilePath path, StoredContent content, PutOptions options) {
        Node root = nodes.lockRoot(user.id());
        NodeRepository.WithParent state = nodes.findWithParent(user.id(), path);
        Optional<Node> current = state.node();
        Node parent = requireFolder(path.parent(), state.parent());
        if (current.isPresent() && current.get().isDir()) {
            throw new StratusException(ErrorCode.METHOD_NOT_ALLOWED, "'" + path + "' is a folder");
        }
        options.guard().check(current);
        long oldSize = current.map(Node::size).orElse(0L);
        checkQuota(user, root.size(), content.size() - oldSize);
        long now = clock.instant().getEpochSecond();
        long mtime = options.mtime() != null ? options.mtime() : now;
        String contentType = contentTypeOf(path.name());
        List<String> ancestors = path.parent().selfAndAncestors();
        Node stored;
        if (current.isPresent()) {
            stored = nodes.replaceContent(current.get().id(), content, mtime, contentType);
            nodes.touchAncestors(user.id(), ancestors, content.size() - oldSize);
        } else {
            stored = nodes.insertFile(user.id(), parent.id(), path, content, mtime, contentType);
            // The parent's entries changed: it gets a new mtime along with its new size and entity tag.
            nodes.touchAncestors(user.id(), ancestors, content.size(), parent.id(), now);
        }
        current.ifPresent(old -> afterCommit(List.of(old.blobKey())));
        return new PutResult(stored, current.isEmpty());
    }

    /** Creates a folder; its parent must exist. */
    public Node mkdir(UserAccount user, FilePath path, WriteGuard guard) {
        if (path.isRoot()) {
            throw new StratusException(ErrorCode.METHOD_NOT_ALLOWED, "The root folder exists");
        }
        return tx.inTransaction(status -> {
            nodes.lockRoot(user.id());
            Optional<Node> current = nodes.find(user.id(), path);
            if (current.isPresent()) {
                throw new StratusException(ErrorCode.METHOD_NOT_ALLOWED, "'" + path + "' already exists");
            }
            Node parent = checkParent(user, path);
            guard.check(current);
            long now = clock.instant().getEpochSecond();
            nodes.insertDir(user.id(), parent.id(), path, now);
            nodes.setMtime(parent.id(), now);
            nodes.touchAncestors(user.id(), path.parent().selfAndAncestors(), 0);
            return nodes.find(user.id(), path).orElseThrow();
        });
    }

    /** Deletes a file or a whole folder. */
    public void delete(UserAccount user, FilePath path, WriteGuard guard) {
        if (path.isRoot()) {
            throw new StratusException(ErrorCode.FORBIDDEN, "The root folder cannot be deleted");
        }
        tx.inTransaction(status -> {
            nodes.lockRoot(user.id());
            removeSubtree(user, guardedExisting(user, path, guard));
            return null;
        });
    }

    private void removeSubtree(UserAccount user, Node node) {
        List<String> blobKeys = nodes.deleteSubtree(user.id(), node.path());
        nodes.deleteLocks(user.id(), node.path());
        nodes.touchAncestors(user.id(), node.path().parent().selfAndAncestors(), -node.size(), node.parentId(),
                clock.instant().getEpochSecond());
        afterCommit(blobKeys);
    }

    public record TransferResult(Node node, boolean created) {}

    /**
     * Copies a file or folder (with {@code recursive}, everything below it; otherwise only the folder itself).
     * Contents are shared, not duplicated: blobs are immutable.
     */
    public TransferResult copy(UserAccount user, FilePath from, FilePath to, boolean overwrite, boolean recursive,
            WriteGuard guard) {
        checkTransfer(from, to);
        return tx.inTransaction(status -> {
            Node root = nodes.lockRoot(user.id());
            Node src = guardedExisting(user, from, guard);
            Node destParent = checkParent(user, to);
            boolean replaced = clearDestination(user, to, overwrite);
            List<Node> tree = recursive ? nodes.subtree(user.id(), from) : List.of(src);
            long copiedBytes = tree.stream().filter(n -> !n.isDir()).mapToLong(Node::size).sum();
            Node rootNow = replaced ? nodes.find(user.id(), FilePath.ROOT).orElseThrow() : root;
            checkQuota(user, rootNow.size(), copiedBytes);
            Map<Long, Long> newIds = new HashMap<>();
            for (Node node : tree) {
                long parentId = node.id() == src.id() ? destParent.id() : newIds.get(node.parentId());
                long id = nodes.copyNode(node, parentId, node.path().rebase(from, to));
                nodes.copyProperties(node.id(), id);
                newIds.put(node.id(), id);
            }
            fixFolderSizes(user, to, tree, recursive);
            nodes.setMtime(destParent.id(), clock.instant().getEpochSecond());
            nodes.touchAncestors(user.id(), to.parent().selfAndAncestors(), copiedBytes);
            return new TransferResult(nodes.find(user.id(), to).orElseThrow(), !replaced);
        });
    }

    /** Moves (renames) a file or folder; file ids and contents stay, locks on the source are dropped. */
    public TransferResult move(UserAccount user, FilePath from, FilePath to, boolean overwrite, WriteGuard guard) {
        checkTransfer(from, to);
        return tx.inTransaction(status -> {
            nodes.lockRoot(user.id());
            Node src = guardedExisting(user, from, guard);
            Node destParent = checkParent(user, to);
            boolean replaced = clearDestination(user, to, overwrite);
            long now = clock.instant().getEpochSecond();
            nodes.touchAncestors(user.id(), from.parent().selfAndAncestors(), -src.size(), src.parentId(), now);
            nodes.deleteLocks(user.id(), from);
            nodes.moveSubtree(user.id(), src, destParent.id(), to);
            nodes.touchAncestors(user.id(), to.parent().selfAndAncestors(), src.size(), destParent.id(), now);
            return new TransferResult(nodes.find(user.id(), to).orElseThrow(), !replaced);
        });
    }

    /**
     * Runs {@code work} in a write transaction on the user's tree with the current node at {@code path}: for
     * changes that live beside the tree (properties, locks) but must be serialized with it.
     */
    public <T> T inWriteTransaction(UserAccount user, FilePath path, Function<Optional<Node>, T> work) {
        return tx.inTransaction(status -> {
            nodes.lockRoot(user.id());
            return work.apply(nodes.find(user.id(), path));
        });
    }

    /** Sets a node's modification time (PROPPATCH of getlastmodified, X-OC-MTime on folders). */
    public void setMtime(UserAccount user, Node node, long mtime) {
        tx.inTransaction(status -> {
            nodes.lockRoot(user.id());
            nodes.setMtimeOnly(node.id(), mtime);
            if (!node.path().isRoot()) {
                nodes.touchAncestors(user.id(), node.path().parent().selfAndAncestors(), 0);
            }
            return null;
        });
    }

    /**
     * Runs the guard on the current state of {@code path} (preconditions may refer to a missing resource and must
     * answer first), then requires that it exists.
     */
    private Node guardedExisting(UserAccount user, FilePath path, WriteGuard guard) {
        Optional<Node> current = nodes.find(user.id(), path);
        guard.check(current);
        return current.orElseThrow(() -> new StratusException(ErrorCode.NOT_FOUND, "'" + path + "' does not exist"));
    }

    private static void checkTransfer(FilePath from, FilePath to) {
        if (from.isRoot() || to.isRoot()) {
            throw new StratusException(ErrorCode.FORBIDDEN, "The root folder cannot be copied, moved or replaced");
        }
        if (from.equals(to)) {
            throw new StratusException(ErrorCode.SAME_SOURCE_AND_DESTINATION);
        }
        if (from.contains(to)) {
            throw new StratusException(ErrorCode.CONFLICT, "Cannot copy or move a folder into itself");
        }
        if (to.contains(from)) {
            throw new StratusException(ErrorCode.CONFLICT, "Cannot replace a folder with something inside it");
        }
    }

    /** Deletes an existing destination when overwriting is allowed; true when there was one. */
    private boolean clearDestination(UserAccount user, FilePath to, boolean overwrite) {
        Optional<Node> existing = nodes.find(user.id(), to);
        if (existing.isEmpty()) {
            return false;
        }
        if (!overwrite) {
            throw new StratusException(ErrorCode.PRECONDITION_FAILED,
                    "'" + to + "' exists and Overwrite is F");
        }
        removeSubtree(user, existing.get());
        return true;
    }

    /** A shallow folder copy has no content: its size is 0, not the source's total. */
    private void fixFolderSizes(UserAccount user, FilePath to, List<Node> tree, boolean recursive) {
        if (!recursive && tree.get(0).isDir()) {
            Node copy = nodes.find(user.id(), to).orElseThrow();
            nodes.touchAncestors(user.id(), List.of(copy.path().value()), -copy.size());
        }
    }

    private Node checkParent(UserAccount user, FilePath path) {
        return requireFolder(path.parent(), nodes.find(user.id(), path.parent()));
    }

    /** The node at {@code parentPath}, which must be a folder (409 otherwise). */
    private static Node requireFolder(FilePath parentPath, Optional<Node> found) {
        Node parent = found.orElseThrow(() -> new StratusException(ErrorCode.CONFLICT,
                "The parent folder '" + parentPath + "' does not exist"));
        if (!parent.isDir()) {
            throw new StratusException(ErrorCode.CONFLICT, "'" + parentPath + "' is a file, not a folder");
        }
        return parent;
    }

    private static void checkQuota(UserAccount user, long usedBytes, long addedBytes) {
        if (user.hasQuota() && addedBytes > 0 && usedBytes + addedBytes > user.quotaBytes()) {
            throw new StratusException(ErrorCode.INSUFFICIENT_STORAGE, "This needs " + addedBytes
                    + " bytes but only " + Math.max(0, user.quotaBytes() - usedBytes) + " are free in your quota");
        }
    }

    /** Releases blobs once the surrounding transaction has committed (and never if it rolls back). */
    private void afterCommit(List<String> blobKeys) {
        List<String> keys = new ArrayList<>(blobKeys);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                releaser.releaseLater(keys);
            }
        });
    }

    static String contentTypeOf(String name) {
        return MediaTypeFactory.getMediaType(name).map(MediaType::toString).orElse("application/octet-stream");
    }

}
