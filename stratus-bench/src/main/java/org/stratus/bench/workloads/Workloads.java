package org.stratus.bench.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The workloads of the issue, created afresh for each peer (some keep the fixture they made on it). */
public final class Workloads {

    private Workloads() {}

    public static List<Workload> forPeer(Plan plan) {
        List<Workload> all = new ArrayList<>(List.of(
                new GetFile("4k", 4 * Sizes.KIB, 256, false),
                new GetFile("1m", Sizes.MIB, 32, false),
                new GetFile("256m", 256 * Sizes.MIB, 1, true),
                new PutFile("4k", 4 * Sizes.KIB, false),
                new PutFile("1m", Sizes.MIB, false),
                new PutFile("256m", 256 * Sizes.MIB, true),
                new PropfindFolder(1_000)));
        if (plan.tenThousandEntries()) {
            all.add(new PropfindFolder(10_000));
        }
        all.addAll(List.of(new EtagPoll(), new MoveFolder(1_000), new DeleteFolder(1_000), new MixedSync()));
        return all;
    }

    public static List<String> names() {
        return forPeer(Plan.full()).stream().map(Workload::name).toList();
    }

    /** The workloads whose names are listed; all when the list is empty. Unknown names fail with the known ones. */
    public static List<Workload> select(Plan plan, List<String> wanted) {
        List<Workload> all = forPeer(plan);
        if (wanted == null || wanted.isEmpty()) {
            return all;
        }
        Set<String> known = Set.copyOf(names());
        for (String name : wanted) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown workload '" + name + "'; known: " + names());
            }
        }
        List<Workload> chosen = new ArrayList<>();
        for (Workload workload : forPeer(Plan.full())) { // every workload exists; the plan only paces them
            if (wanted.contains(workload.name())) {
                chosen.add(workload);
            }
        }
        return chosen;
    }
}
