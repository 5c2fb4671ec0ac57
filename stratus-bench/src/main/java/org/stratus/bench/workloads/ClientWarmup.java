package org.stratus.bench.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stratus.bench.load.Content;
import org.stratus.bench.load.DavHttp;
import org.stratus.bench.load.DavHttp.UnexpectedResponse;
import org.stratus.bench.load.LoadRunner;
import org.stratus.bench.load.Measurement;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;
import org.stratus.bench.load.ResourceProbe;
import org.stratus.bench.peers.Peer.Credentials;

/**
 * Compiles the load generator before any server is measured. Without it the client JVM's JIT compiles DavHttp,
 * HttpClient and the runner's loop while the first server (Stratus) is measured, and on two cores takes that CPU
 * from the server under test: the same Apache cost 0.5 ms/op of client CPU measured first and 0.14 measured third.
 * The warm-up runs the measurement's own classes (DavHttp on a pool of the same size, LoadRunner, the same checks
 * on every response) against {@link LoopbackDav}, which costs next to nothing, with a mix of every request the
 * workloads send, the most frequent ones most often.
 */
public final class ClientWarmup {

    /** Entries in the canned listing: enough that counting them runs the same loop as a real listing. */
    static final int LISTED = 100;

    private ClientWarmup() {}

    /**
     * Runs for {@code pace} at {@code concurrency} with {@code connections} pooled connections, as a peer's client
     * would, and returns what it measured. Fails when any request failed or none ran: a client that cannot talk to
     * this server would be measured cold against the first peer, and that must not pass unnoticed.
     */
    public static Measurement run(Optional<Credentials> credentials, int concurrency, int connections, Pace pace)
            throws InterruptedException {
        Content small = Content.of(4 * Sizes.KIB, 4 * Sizes.KIB);
        Content medium = Content.of(64 * Sizes.KIB, 64 * Sizes.KIB);
        Content oneMib = Content.of(Sizes.MIB, Sizes.MIB);
        Content blocks = Content.of(2 * Sizes.MIB, 2 * Sizes.MIB); // above one block: the streamed PUT path
        Measurement m;
        try (LoopbackDav server = LoopbackDav.start(Map.of("get-4k", small, "get-64k", medium, "get-1m", oneMib),
                LISTED);
                DavHttp dav = DavHttp.open(server.root(), credentials, connections)) {
            List<Operation> mix = new ArrayList<>();
            add(mix, 10, (w, s) -> dav.getVerified("get-4k", small.checksum()));
            add(mix, 2, (w, s) -> dav.getVerified("get-64k", medium.checksum()));
            add(mix, 1, (w, s) -> dav.getVerified("get-1m", oneMib.checksum()));
            add(mix, 6, (w, s) -> dav.etagPoll(""));
            add(mix, 2, (w, s) -> listing(dav));
            add(mix, 5, (w, s) -> dav.put("w" + w + "/f" + s + ".bin", small));
            add(mix, 1, (w, s) -> dav.put("w" + w + "/f" + s + ".bin", blocks));
            add(mix, 1, (w, s) -> {
                dav.mkcol("w" + w + "/d" + s + "/");
                return 0;
            });
            add(mix, 1, (w, s) -> {
                dav.move("w" + w + "/a" + s + "/", "w" + w + "/b" + s + "/");
                return 0;
            });
            add(mix, 1, (w, s) -> {
                dav.copy("w" + w + "/a" + s + "/", "w" + w + "/c" + s + "/");
                return 0;
            });
            add(mix, 1, (w, s) -> {
                dav.delete("w" + w + "/b" + s + "/");
                return 0;
            });
            add(mix, 1, (w, s) -> {
                dav.deleteIfPresent("w" + w + "/c" + s + "/");
                return 0;
            });
            // Workers start at different points of the mix, so that every kind of request runs from the first moment.
            m = LoadRunner.run((worker, sequence) -> mix.get((int) ((worker * 7L + sequence) % mix.size()))
                    .run(worker, sequence), concurrency, pace, ResourceProbe.NONE);
        }
        if (m.errors() > 0 || m.ops() == 0) {
            throw new IllegalStateException("The client warm-up against the in-process loopback server failed: "
                    + m.ops() + " operations, " + m.errors() + " errors" + (m.firstErrors().isEmpty() ? ""
                    : ", first: " + String.join("; ", m.firstErrors())));
        }
        return m;
    }

    private static void add(List<Operation> mix, int times, Operation operation) {
        for (int i = 0; i < times; i++) {
            mix.add(operation);
        }
    }

    /** The listing workload's check: every entry present. */
    private static long listing(DavHttp dav) throws Exception {
        String body = dav.propfindBody("", 1);
        int listed = Responses.count(body);
        if (listed != LISTED + 1) {
            throw new UnexpectedResponse("PROPFIND listed " + listed + " resources, expected " + (LISTED + 1));
        }
        return body.length();
    }
}
