package org.stratus.bench.workloads;

import org.stratus.bench.load.DavHttp.UnexpectedResponse;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;

/**
 * PROPFIND Depth 1 of a folder of N files with the properties a sync client asks for; every response is checked
 * to list N + 1 resources (the folder itself and each file).
 */
final class PropfindFolder implements Workload {

    private final int entries;

    PropfindFolder(int entries) {
        this.entries = entries;
    }

    @Override
    public String name() {
        return "propfind-" + entries;
    }

    @Override
    public Operation prepare(Fixtures fixtures, int concurrency, Pace pace) throws Exception {
        String path = fixtures.filledFolder(entries);
        return (worker, sequence) -> {
            String body = fixtures.dav().propfindBody(path, 1);
            int listed = Responses.count(body);
            if (listed != entries + 1) {
                throw new UnexpectedResponse("PROPFIND " + path + " listed " + listed + " resources, expected "
                        + (entries + 1));
            }
            return body.length();
        };
    }
}
