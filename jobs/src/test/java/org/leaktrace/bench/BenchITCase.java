package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.caller.CallerStage;

/** {@code bench} at a tiny size: a world is simulated once, floor and replay are timed and tabled. */
class BenchITCase {

    @TempDir
    Path dir;

    @Test
    void floorAndReplayOnATinyWorld() throws Exception {
        BenchConfig d = BenchConfig.defaults();
        BenchConfig cfg = new BenchConfig(List.of(2_000), 1, List.of(1L), List.of(BenchMode.FLOOR, BenchMode.REPLAY),
                dir, 2, d.latencyRate(), d.latencyCheckpoints(), d.kafkaCheckpointMillis(), false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport report = new BenchRunner(cfg, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(2, report.throughput().size(), printed);
        Measurement floor = report.throughput().get(0);
        Measurement replay = report.throughput().get(1);
        assertEquals(BenchMode.FLOOR, floor.mode());
        assertEquals(BenchMode.REPLAY, replay.mode());
        long rows = floor.world().cdrRows() + floor.world().complaints();
        assertTrue(rows > 1_000, "a world of 2,000 subscribers makes thousands of rows: " + rows);
        assertEquals(rows, floor.records(), "the floor reads every row");
        assertEquals(rows, replay.records(), "the replay reads the same rows");
        for (Measurement m : report.throughput()) {
            assertTrue(m.seconds() > 0 && m.recordsPerSecond() > 0 && m.recordsPerSecondPerCore() > 0, m.toString());
            assertTrue(m.cpuSeconds() > 0 && m.recordsPerCpuSecond() > 0, m.toString());
        }
        assertTrue(replay.ratioTo(floor) > 0, "ratio " + replay.ratioTo(floor));
        assertTrue(report.latency().isEmpty());

        assertTrue(printed.contains(BenchTable.THROUGHPUT_HEADER), printed);
        assertTrue(printed.contains("Cost growth"), printed);
        assertTrue(Files.readString(dir.resolve("bench-results.txt")).contains(BenchTable.THROUGHPUT_HEADER));
        assertTrue(Files.isRegularFile(dir.resolve("world-2000-1d-s1").resolve(BenchRunner.WORLD_FILE)));

        // A second run reuses the world instead of simulating it again.
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        BenchConfig floorOnly = new BenchConfig(List.of(2_000), 1, List.of(1L), List.of(BenchMode.FLOOR), dir, 2,
                d.latencyRate(), d.latencyCheckpoints(), d.kafkaCheckpointMillis(), false);
        BenchReport second = new BenchRunner(floorOnly, new PrintStream(again, true, StandardCharsets.UTF_8)).run();
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("reused"));
        assertEquals(floor.world().cdrRows(), second.throughput().get(0).world().cdrRows());
    }

    @Test
    void stateModesBreakTheLargestCheckpointDownByOperatorUid() throws Exception {
        BenchConfig d = BenchConfig.defaults();
        BenchConfig cfg = new BenchConfig(List.of(2_000), 2, List.of(1L),
                List.of(BenchMode.STATE, BenchMode.STATE_ROCKSDB), dir, 2, d.latencyRate(), d.latencyCheckpoints(),
                200, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport report = new BenchRunner(cfg, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(2, report.states().size(), printed);
        for (StateResult r : report.states()) {
            StateBreakdown b = r.breakdown();
            assertTrue(b != null, "a checkpoint was read: " + printed);
            List<String> uids = b.operators().stream().map(OperatorStateSize::operator).toList();
            assertTrue(uids.containsAll(List.of("touchpoints", "caller-profile", CallerStage.COMPLAINT_AFTER_CALL_UID)),
                    uids.toString());
            assertEquals(b.totalBytes(), r.measurement().stateBytes(), "the row's state is the breakdown's total");
            assertTrue(b.totalBytes() > 0);
            assertTrue(r.series().stream().anyMatch(c -> c.checkpointId() == b.checkpointId()),
                    "the largest is one of the series: " + printed);
        }
        StateResult heap = report.states().get(0);
        assertTrue(!heap.splits().isEmpty(), "the heap checkpoint split by state: " + printed);
        for (StateSplit split : heap.splits()) {
            StateBreakdown same = heap.series().stream().filter(c -> c.checkpointId() == split.checkpointId())
                    .findFirst().orElseThrow();
            for (OperatorStateSize op : same.operators()) {
                assertEquals(op.keyedBytes(), split.operatorBytes(op.operator()),
                        op.operator() + ": its states add up to its keyed bytes");
            }
            List<String> states = split.states().stream().map(StateSplit.StateSize::state).toList();
            assertTrue(states.containsAll(List.of("caller-profile", "subscriber")), states.toString());
        }
        assertEquals(List.of(), report.states().get(1).splits(), "RocksDB's SST files are not split");
        // The largest may also be the running checkpoint or the one after the end of the input:
        // which, depends on where the checkpoints fell.
        assertTrue(printed.matches("(?s).*checkpoint \\d+ by state \\(largest[,;].*"), printed);
        if (heap.series().size() > 1) {
            long running = heap.series().get(heap.series().size() - 2).checkpointId();
            assertTrue(printed.contains("running: checkpoint " + running + ", "), printed);
            if (heap.splits().stream().anyMatch(split -> split.checkpointId() == running)) {
                assertTrue(printed.matches("(?s).*checkpoint " + running + " by state \\((largest, )?running[,;].*"),
                        printed);
            }
        }
        StateBreakdown rocksDb = report.states().get(1).breakdown();
        assertTrue(rocksDb.operators().stream().anyMatch(o -> o.rawKeyedBytes() > 0),
                "RocksDB with heap timers writes them as raw keyed state: " + printed);
        assertTrue(printed.contains("State per operator in the largest checkpoint"), printed);
    }

    @Test
    void kafkaModeWarmsUpItsOwnJobAndSaysWhereTheCpuWent() throws Exception {
        BenchConfig d = BenchConfig.defaults();
        BenchConfig cfg = new BenchConfig(List.of(2_000), 1, List.of(1L), List.of(BenchMode.KAFKA), dir, 2,
                d.latencyRate(), d.latencyCheckpoints(), 500, true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport report = new BenchRunner(cfg, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(1, report.throughput().size(), printed);
        Measurement kafka = report.throughput().get(0);
        assertEquals(BenchMode.KAFKA, kafka.mode());
        assertEquals(kafka.world().cdrRows() + kafka.world().complaints(), kafka.records(),
                "the Kafka job reads every row it was fed");
        long replayWarmUps = printed.lines().filter(l -> l.startsWith("warm-up: replay on")).count();
        long kafkaWarmUps = printed.lines().filter(l -> l.startsWith("warm-up: kafka on")).count();
        assertTrue(replayWarmUps >= 2 && replayWarmUps <= WarmUp.MAX_RUNS, printed);
        assertTrue(kafkaWarmUps >= 2 && kafkaWarmUps <= WarmUp.MAX_RUNS,
                "the Kafka job is warmed up on its own, until settled: " + printed);
        String timed = printed.substring(printed.indexOf("\nkafka on ") + 1);
        assertTrue(timed.contains("CPU by task") && timed.contains("cdr-kafka-source"),
                "the timed Kafka run lists its tasks' CPU: " + timed);
    }
}
