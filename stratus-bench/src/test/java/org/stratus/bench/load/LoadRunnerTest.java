package org.stratus.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {

    @Test
    void countedPaceRunsExactlyTheOperationsAskedForAndKeepsWarmUpOut() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Measurement m = LoadRunner.run((worker, sequence) -> {
            calls.incrementAndGet();
            return 10;
        }, 4, Pace.counted(5, 20, 3), ResourceProbe.NONE);

        assertThat(calls).hasValue(5 + 20 * 3);
        assertThat(m.iterations()).hasSize(3);
        assertThat(m.ops()).isEqualTo(60);
        assertThat(m.iterations()).allSatisfy(i -> assertThat(i.bytes()).isEqualTo(200));
        assertThat(m.latencyMicros().getTotalCount()).isEqualTo(60);
        assertThat(m.errors()).isZero();
    }

    @Test
    void failedOperationsAreCountedAsErrorsWithTheirMessagesAndNotAsLatency() throws Exception {
        Measurement m = LoadRunner.run((worker, sequence) -> {
            if (sequence % 2 == 1) {
                throw new DavHttp.UnexpectedResponse("GET /x answered 503");
            }
            return 1;
        }, 1, Pace.counted(0, 10, 1), ResourceProbe.NONE);

        assertThat(m.ops()).isEqualTo(5);
        assertThat(m.errors()).isEqualTo(5);
        assertThat(m.latencyMicros().getTotalCount()).isEqualTo(5);
        assertThat(m.firstErrors()).first().asString().contains("503");
    }

    @Test
    void everyWorkerRunsItsOwnSequenceOnFromTheWarmUp() throws Exception {
        ConcurrentHashMap<Integer, Long> lastSequence = new ConcurrentHashMap<>();
        LoadRunner.run((worker, sequence) -> {
            lastSequence.merge(worker, sequence, Math::max);
            Thread.sleep(1);
            return 0;
        }, 3, Pace.timed(Duration.ofMillis(30), Duration.ofMillis(50), 2), ResourceProbe.NONE);

        assertThat(lastSequence).containsOnlyKeys(0, 1, 2);
        assertThat(lastSequence.values()).allSatisfy(s -> assertThat(s).isGreaterThan(5));
    }

    @Test
    void serverCpuIsDividedByTheMeasuredOperationsOnly() throws Exception {
        double[] cpu = {0};
        Measurement m = LoadRunner.run((worker, sequence) -> {
            cpu[0] += 0.5;
            return 0;
        }, 1, Pace.counted(4, 10, 2), () -> new ResourceProbe.Snapshot(cpu[0], 1234));

        assertThat(m.cpuSecondsPerOp()).isEqualTo(0.5);
        assertThat(m.memoryBytes()).isEqualTo(1234);
    }
}
