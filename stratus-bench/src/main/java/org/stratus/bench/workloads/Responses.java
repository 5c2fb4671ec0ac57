package org.stratus.bench.workloads;

/** Counts the resources in a multistatus body, whatever prefix the server gives the DAV: namespace. */
final class Responses {
    private Responses() {}

    static int count(String multistatus) {
        int count = 0;
        for (int at = multistatus.indexOf("href>"); at >= 0; at = multistatus.indexOf("href>", at + 5)) {
            count++;
        }
        return count / 2; // <d:href> and </d:href>
    }
}
