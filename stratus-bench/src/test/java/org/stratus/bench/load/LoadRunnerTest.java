package org.stratus.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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

    @Test
    void aPaceWithADurationAndACountEndsAtWhicheverComesFirst() throws Exception {
        Measurement byCount = LoadRunner.run((worker, sequence) -> 0, 2, Pace.upTo(Duration.ofMinutes(1), 50),
                ResourceProbe.NONE);
        assertThat(byCount.ops()).isEqualTo(50);

        Measurement byTime = LoadRunner.run((worker, sequence) -> {
            Thread.sleep(1);
            return 0;
        }, 2, Pace.upTo(Duration.ofMillis(50), Integer.MAX_VALUE), ResourceProbe.NONE);
        assertThat(byTime.ops()).isPositive().isLessThan(Integer.MAX_VALUE);
        assertThat(byTime.iterations().get(0).seconds()).isLessThan(30);
    }

    @Test
    void clientCpuIsTheWorkersOwnAndLeavesOutTheRestOfTheJvm() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread spinner = new Thread(() -> { // stands for the JIT and GC threads, busy while the workers wait
            while (running.get()) {
                Thread.onSpinWait();
            }
        });
        spinner.setDaemon(true);
        spinner.start();
        try {
            Measurement waiting = LoadRunner.run((worker, sequence) -> {
                Thread.sleep(5);
                return 0;
            }, 1, Pace.counted(0, 20, 1), ResourceProbe.NONE);
            assertThat(waiting.clientCpuSecondsPerOp()).isLessThan(0.002);
        } finally {
            running.set(false);
            spinner.join();
        }

        Measurement burning = LoadRunner.run((worker, sequence) -> {
            long until = threads.getCurrentThreadCpuTime() + 2_000_000;
            while (threads.getCurrentThreadCpuTime() < until) {
                Thread.onSpinWait();
            }
            return 0;
        }, 2, Pace.counted(0, 20, 1), ResourceProbe.NONE);
        assertThat(burning.clientCpuSecondsPerOp()).isBetween(0.002, 0.02);
    }
}
