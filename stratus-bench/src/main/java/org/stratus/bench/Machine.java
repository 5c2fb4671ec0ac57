package org.stratus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** What the report says about the machine, and which JVM runs Stratus. */
final class Machine {

    private Machine() {}

    static String describe() {
        String cpu = readLine(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
        String memory = readLine(Path.of("/proc/meminfo"), "MemTotal").orElse("");
        return String.format(Locale.ROOT, "%d cores (%s), %s, %s %s, client JVM %s",
                Runtime.getRuntime().availableProcessors(), cpu, memory.replaceAll("\\s+", " "),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"));
    }

    /**
     * The newest JDK 21+ under /usr/lib/jvm, where Stratus runs its request threads as virtual threads; else the
     * JVM running the bench.
     */
    static Path stratusJavaHome() {
        Path current = Path.of(System.getProperty("java.home"));
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> majorVersion(home) >= 21)
                    .max(Comparator.comparingInt(Machine::majorVersion))
                    .orElse(current);
        } catch (IOException e) {
            return current;
        }
    }

    static int majorVersion(Path javaHome) {
        return readLine(javaHome.resolve("release"), "JAVA_VERSION=")
                .map(v -> v.replace("\"", "").trim())
                .map(v -> v.startsWith("1.") ? v.substring(2) : v)
                .map(v -> v.split("[.+-]")[0])
                .map(v -> {
                    try {
                        return Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                })
                .orElse(0);
    }

    private static Optional<String> readLine(Path file, String prefix) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith(prefix)).findFirst()
                    .map(line -> line.substring(line.indexOf(prefix.endsWith("=") ? "=" : ":") + 1).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
