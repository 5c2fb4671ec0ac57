package org.stratus.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessUsageTest {

    @Test
    void parsesStatWhenTheCommandNameHoldsSpacesAndParentheses() {
        String line = "4242 (tricky) name) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 1 0 1 1 1";
        ProcessUsage.Stat stat = ProcessUsage.parse(4242, line);
        assertThat(stat).isEqualTo(new ProcessUsage.Stat(4242, 17, 250, 50, 7, 3));
    }

    @Test
    void readsKilobyteLines() {
        assertThat(ProcessUsage.kilobytes("Rss:  100 kB\nPss:   42 kB\n", "Pss:")).isEqualTo(42);
        assertThat(ProcessUsage.kilobytes("Rss:  100 kB\n", "Pss:")).isEqualTo(-1);
    }

    @Test
    void countsAChildProcessAndItsMemory() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            long self = ProcessHandle.current().pid();
            assertThat(ProcessUsage.withDescendants(List.of(self))).contains(self, child.pid());
            ProcessUsage.Usage usage = ProcessUsage.sample(List.of(self));
            assertThat(usage.memoryBytes()).isGreaterThan(ProcessUsage.sample(List.of(child.pid())).memoryBytes());
            assertThat(usage.cpuSeconds()).isPositive();
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessThatIsGoneCountsNothing() {
        assertThat(ProcessUsage.sample(List.of(Long.MAX_VALUE))).isEqualTo(new ProcessUsage.Usage(0, 0));
    }
}
