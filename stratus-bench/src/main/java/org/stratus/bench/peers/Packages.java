package org.stratus.bench.peers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which Debian packages are installed, asked of dpkg itself. */
final class Packages {

    private Packages() {}

    /** Those of {@code names} that dpkg does not report as "install ok installed". */
    static List<String> missing(List<String> names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!installed(name)) {
                missing.add(name);
            }
        }
        return List.copyOf(missing);
    }

    static boolean installed(String name) {
        try {
            Commands.Result result = Commands.run(List.of("dpkg-query", "-W", "-f=${Status}", name), Map.of(), null,
                    30);
            return result.exitCode() == 0 && result.output().endsWith("install ok installed");
        } catch (IOException e) {
            return false; // no dpkg-query: not a Debian system, so nothing is installed the way we expect
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
