package org.stratus.bench.workloads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.stratus.bench.load.Content;
import org.stratus.bench.load.DavHttp;
import org.stratus.bench.load.DavHttp.Checksum;

/**
 * The files and folders workloads read, list, move and delete, created on one peer through its own WebDAV
 * interface under {@code bench/} before any timing starts. Pools of files are shared by every workload and
 * concurrency that reads them.
 */
public final class Fixtures implements AutoCloseable {

    /** Requests in flight at once while the files are created. */
    public static final int SETUP_THREADS = 16;

    private final String root;

    private final DavHttp dav;
    private final ExecutorService setup = Executors.newFixedThreadPool(SETUP_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "bench-setup");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, List<StoredFile>> pools = new HashMap<>();
    private final Set<String> filledFolders = new HashSet<>();

    public Fixtures(DavHttp dav) {
        this(dav, "bench/");
    }

    /** Fixtures under another top folder, so that a warm-up never meets the measured workloads' folders. */
    public Fixtures(DavHttp dav, String root) {
        this.dav = dav;
        this.root = root;
    }

    /** Starts from an empty top folder. */
    public void reset() throws Exception {
        dav.deleteIfPresent(root);
        dav.mkcol(root);
        pools.clear();
        filledFolders.clear();
    }

    public DavHttp dav() {
        return dav;
    }

    /** A file whose content a GET can be checked against. */
    public record StoredFile(String path, Checksum checksum) {}

    /** Creates {@code bench/NAME/} and returns its path. */
    String folder(String name) throws Exception {
        String path = root + name + "/";
        dav.mkcol(path);
        return path;
    }

    /** Creates a sub-folder of a folder made here. */
    String subfolder(String parent, String name) throws Exception {
        String path = parent + name + "/";
        dav.mkcol(path);
        return path;
    }

    /** {@code count} files of {@code size} bytes with distinct contents, created once per peer. */
    List<StoredFile> pool(long size, int count) throws Exception {
        String name = "pool-" + size + "-" + count;
        List<StoredFile> existing = pools.get(name);
        if (existing != null) {
            return existing;
        }
        String folder = folder(name);
        List<StoredFile> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Content content = Content.of(size * 1_000_003L + i, size);
            files.add(new StoredFile(folder + "f" + i + ".bin", content.checksum()));
        }
        parallel(count, i -> dav.put(files.get(i).path(), Content.of(size * 1_000_003L + i, size)));
        pools.put(name, List.copyOf(files));
        return pools.get(name);
    }

    /**
     * {@code bench/folder-N/} holding N small files, created once per peer: the listing workload reads it, and the
     * MOVE and DELETE workloads copy it instead of uploading N files again.
     */
    String filledFolder(int entries) throws Exception {
        String name = "folder-" + entries;
        if (!filledFolders.contains(name)) {
            fill(folder(name), entries);
            filledFolders.add(name);
        }
        return root + name + "/";
    }

    /** Fills an existing folder with {@code entries} small files. */
    void fill(String folder, int entries) throws Exception {
        Content content = Content.of(16, 16);
        parallel(entries, i -> dav.put(folder + String.format("file-%05d.txt", i), content));
    }

    /** Runs {@code task} for 0..count-1 on the setup threads and waits; the first failure is thrown. */
    void parallel(int count, IndexedTask task) throws Exception {
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(setup.submit(() -> {
                task.run(index);
                return null;
            }));
        }
        for (Future<Object> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                throw new IllegalStateException("Preparing the bench files failed: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
    }

    @FunctionalInterface
    interface IndexedTask {
        void run(int index) throws Exception;
    }

    @Override
    public void close() {
        setup.shutdownNow();
    }
}
