package org.stratus.bench.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stratus.bench.load.Measurement;
import org.stratus.bench.load.Pace;
import org.stratus.bench.peers.Peer.Credentials;

class ClientWarmupTest {

    private static final Optional<Credentials> CREDENTIALS = Optional.of(new Credentials("bench", "secret"));

    @Test
    void everyRequestOfTheMixSucceedsAgainstTheInProcessServer() throws Exception {
        // 256 operations on 4 workers: one of them at least runs the 32-step mix twice, so every kind of request runs,
        // each checked as the workloads check it.
        Measurement m = ClientWarmup.run(CREDENTIALS, 4, 4, Pace.upTo(Duration.ofMinutes(1), 4 * 64));

        assertThat(m.errors()).as("%s", m.firstErrors()).isZero();
        assertThat(m.ops()).isEqualTo(4 * 64);
        assertThat(m.iterations().get(0).bytes()).as("GET and PUT bodies counted").isPositive();
        assertThat(m.clientCpuSecondsPerOp()).isPositive();
    }

    @Test
    void aWarmUpThatRanNothingFailsInsteadOfPassingUnnoticed() {
        assertThatThrownBy(() -> ClientWarmup.run(CREDENTIALS, 2, 2, Pace.upTo(Duration.ZERO, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client warm-up");
    }
}
