package org.stratus.bench.peers;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The peers the benchmark knows, by name, in report order: Stratus first, then the references. */
public final class Peers {

    private record Entry(String name, Supplier<Peer> factory) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry("stratus", StratusPeer::new),
            new Entry("stratus-ha", StratusHaPeer::new),
            new Entry("apache", ApachePeer::withBasicAuth),
            new Entry("apache-noauth", ApachePeer::withoutAuth),
            new Entry("nginx", NginxPeer::new),
            new Entry("rclone", RclonePeer::new));

    private Peers() {}

    public static List<String> names() {
        return ENTRIES.stream().map(Entry::name).toList();
    }

    /** A new, unstarted instance of every peer. */
    public static List<Peer> all() {
        return ENTRIES.stream().map(e -> e.factory().get()).toList();
    }

    /**
     * A new, unstarted instance of the named peer.
     *
     * @throws IllegalArgumentException naming the known peers when {@code name} is none of them
     */
    public static Peer byName(String name) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst()
                .map(e -> e.factory().get())
                .orElseThrow(() -> new IllegalArgumentException("Unknown peer '" + name + "'; known: "
                        + String.join(", ", names())));
    }

    /** Peers by name, in the order given; for a command-line list such as {@code --peers stratus,apache}. */
    public static List<Peer> byNames(List<String> names) {
        return names.stream().flatMap(n -> Stream.of(byName(n.strip()))).toList();
    }
}
