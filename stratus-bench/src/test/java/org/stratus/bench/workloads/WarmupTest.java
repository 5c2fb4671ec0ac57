package org.stratus.bench.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmupTest {

    @Test
    void aRoundThatNoLongerClimbsIsSteady() {
        assertThat(Warmup.isSteady(1000, 1030)).isTrue();
        assertThat(Warmup.isSteady(1000, 1050)).isTrue();
        assertThat(Warmup.isSteady(1000, 800)).as("slower is noise, not warming").isTrue();
    }

    @Test
    void aRoundThatStillClimbsIsNot() {
        assertThat(Warmup.isSteady(1000, 1051)).isFalse();
        assertThat(Warmup.isSteady(768, 1898)).isFalse();
        assertThat(Warmup.isSteady(0, 500)).as("no round before").isFalse();
    }
}
