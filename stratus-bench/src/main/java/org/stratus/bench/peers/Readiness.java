package org.stratus.bench.peers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.stratus.bench.peers.Peer.Credentials;

/** A peer is ready when an authenticated PROPFIND Depth 0 on its files root answers 207, as a client would ask. */
final class Readiness {

    private static final Duration POLL = Duration.ofMillis(50);

    private Readiness() {}

    static void await(URI filesRoot, Optional<Credentials> credentials, List<ServerProcess> processes,
            Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(filesRoot)
                .timeout(Duration.ofSeconds(10))
                .header("Depth", "0")
                .method("PROPFIND", HttpRequest.BodyPublishers.noBody());
        credentials.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            processes.forEach(ServerProcess::checkAlive);
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 207) {
                    return;
                }
                last = "status " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(POLL.toMillis());
        }
        StringBuilder message = new StringBuilder("PROPFIND Depth 0 on " + filesRoot + " did not answer 207 within "
                + timeout.toSeconds() + " s (last: " + last + ")");
        for (ServerProcess process : processes) {
            message.append("\n--- last lines of ").append(process.log()).append(" (").append(process.label())
                    .append(") ---\n").append(ServerProcess.tail(process.log(), 30));
        }
        throw new IllegalStateException(message.toString());
    }
}
