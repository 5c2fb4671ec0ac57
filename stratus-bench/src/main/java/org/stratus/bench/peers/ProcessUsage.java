package org.stratus.bench.peers;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time and memory of a peer: its root processes and all their descendants, read from /proc (Linux only).
 * Sample before and after a workload; the CPU difference is what the server spent on it.
 */
public final class ProcessUsage {

    private static final Path PROC = Path.of("/proc");
    private static final double TICKS_PER_SECOND = clockTicks();

    private ProcessUsage() {}

    /**
     * @param cpuSeconds user + system time of the processes and of their children that have exited and been
     *     reaped (cutime/cstime), so that an Apache child or a PostgreSQL backend that ends mid-run still counts
     * @param memoryBytes proportional set size (Pss: shared pages split between the processes sharing them, so
     *     forked workers are not counted N times), or the resident set size where Pss is unavailable
     */
    public record Usage(double cpuSeconds, long memoryBytes) {}

    public static Usage sample(Collection<Long> rootPids) {
        Map<Long, Stat> stats = readAll();
        double ticks = 0;
        long memory = 0;
        for (long pid : withDescendants(rootPids, stats)) {
            Stat stat = stats.get(pid);
            if (stat != null) {
                ticks += stat.utime() + stat.stime() + stat.cutime() + stat.cstime();
                memory += memory(pid);
            }
        }
        return new Usage(ticks / TICKS_PER_SECOND, memory);
    }

    /** The roots that still exist, followed by all their descendants (found through each process's parent id). */
    public static Set<Long> withDescendants(Collection<Long> rootPids) {
        return withDescendants(rootPids, readAll());
    }

    private static Set<Long> withDescendants(Collection<Long> rootPids, Map<Long, Stat> stats) {
        Map<Long, List<Long>> children = new HashMap<>();
        stats.values().forEach(s -> children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s.pid()));
        Set<Long> found = new LinkedHashSet<>();
        Deque<Long> queue = new ArrayDeque<>();
        rootPids.stream().filter(stats::containsKey).forEach(queue::add);
        while (!queue.isEmpty()) {
            long pid = queue.poll();
            if (found.add(pid)) {
                queue.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return found;
    }

    record Stat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {}

    private static Map<Long, Stat> readAll() {
        Map<Long, Stat> stats = new HashMap<>();
        DirectoryStream.Filter<Path> processes = p -> isNumber(p.getFileName().toString());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, processes)) {
            for (Path entry : entries) {
                Stat stat = parse(Long.parseLong(entry.getFileName().toString()), read(entry.resolve("stat")));
                if (stat != null) {
                    stats.put(stat.pid(), stat);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + PROC + ": process usage needs Linux /proc", e);
        }
        return stats;
    }

    /**
     * Parses /proc/PID/stat. The command name (field 2) is in parentheses and may contain spaces or ')', so the
     * fields are counted from the last ')': state is field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17.
     */
    static Stat parse(long pid, String line) {
        int close = line == null ? -1 : line.lastIndexOf(')');
        if (close < 0) {
            return null; // the process exited between listing and reading
        }
        String[] f = line.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state), so field n is f[n - 3].
        return new Stat(pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14]));
    }

    private static long memory(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        long pss = kilobytes(read(dir.resolve("smaps_rollup")), "Pss:");
        return (pss >= 0 ? pss : Math.max(0, kilobytes(read(dir.resolve("status")), "VmRSS:"))) * 1024;
    }

    /** The kB value of the line starting with {@code key}, or -1. */
    static long kilobytes(String text, String key) {
        if (text == null) {
            return -1;
        }
        return text.lines().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> Long.parseLong(l.substring(key.length()).replace("kB", "").trim()))
                .orElse(-1L);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | SecurityException e) {
            return null; // gone, or not ours to read
        }
    }

    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /** USER_HZ: 100 on every mainstream Linux build, asked of getconf once in case this one differs. */
    private static double clockTicks() {
        try {
            String out = Commands.check(List.of("getconf", "CLK_TCK"), Map.of(), null, 10);
            return Double.parseDouble(out.strip());
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
