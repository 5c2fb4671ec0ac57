package org.stratus.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root of the Stratus repository, found from the working directory: Surefire runs in {@code stratus-server/},
 * an IDE may run in the root itself. The root is the nearest directory holding both {@code mvnw} and
 * {@code stratus-server/}.
 */
final class RepositoryRoot {

    private RepositoryRoot() {}

    static Path find() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("stratus-server"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "No Stratus repository root (a directory with mvnw and stratus-server/) at or above " + start);
    }
}
