package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class BenchTableTest {
    private static final WorldInfo SMALL = new WorldInfo(10_000, 7, 1, 170_000, 50, 10, 1_900, Path.of("w1"));
    private static final WorldInfo LARGE = new WorldInfo(20_000, 7, 1, 340_000, 70, 10, 2_500, Path.of("w2"));

    private static Measurement run(BenchMode mode, WorldInfo w, long records, double seconds) {
        return new Measurement(mode, w, records, seconds, 2, 0, -1, 1.5, seconds * 1.5);
    }

    @Test
    void ratesPerCoreAndRatioToFloor() {
        Measurement floor = run(BenchMode.FLOOR, SMALL, 100_000, 1.0);
        Measurement replay = run(BenchMode.REPLAY, SMALL, 100_000, 5.0);
        assertEquals(20_000, replay.recordsPerSecond(), 1e-9);
        assertEquals(10_000, replay.recordsPerSecondPerCore(), 1e-9);
        assertEquals(50.0, replay.microsPerRecord(), 1e-9);
        assertEquals(5.0, replay.ratioTo(floor), 1e-9);
        assertTrue(Double.isNaN(replay.ratioTo(null)));
        assertEquals(100_000 / 7.5, replay.recordsPerCpuSecond(), 1e-9);
    }

    @Test
    void statePerSubscriberOnlyWhenMeasured() {
        assertTrue(Double.isNaN(run(BenchMode.REPLAY, SMALL, 1, 1).stateBytesPerSubscriber()));
        Measurement kafka = new Measurement(BenchMode.KAFKA, SMALL, 1, 1, 2, 0, 2_500_000, 1.0, -1);
        assertEquals(250.0, kafka.stateBytesPerSubscriber(), 1e-9);
        assertTrue(Double.isNaN(kafka.recordsPerCpuSecond()), "CPU time unknown");
    }

    @Test
    void throughputTableComparesEachRunWithItsOwnWorldsFloor() {
        String table = BenchTable.throughput(List.of(
                run(BenchMode.FLOOR, SMALL, 170_050, 1.0),
                run(BenchMode.REPLAY, SMALL, 170_050, 10.0),
                run(BenchMode.FLOOR, LARGE, 340_000, 4.0),
                run(BenchMode.REPLAY, LARGE, 340_000, 8.0)));
        String[] lines = table.split("\n");
        assertEquals(5, lines.length);
        assertTrue(lines[0].startsWith("mode"), lines[0]);
        assertTrue(lines[2].startsWith("replay") && lines[2].contains("17005 ") && lines[2].contains(" 10.00 "),
                lines[2]);
        assertTrue(lines[4].contains(" 2.00 "), "large replay is twice its own floor: " + lines[4]);
        assertTrue(lines[4].contains("42500"), "per core: " + lines[4]);
        assertTrue(lines[4].contains("28333"), "per CPU-second: " + lines[4]);
    }

    @Test
    void costGrowthShowsMarginalCostBetweenWorlds() {
        Measurement small = run(BenchMode.REPLAY, SMALL, 100_000, 6.0);
        Measurement large = run(BenchMode.REPLAY, LARGE, 300_000, 16.0);
        assertEquals(50.0, BenchTable.marginalMicros(small, large), 1e-9);
        String growth = BenchTable.costGrowth(List.of(large, small));
        String[] lines = growth.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[1].contains("10,000") && lines[1].trim().endsWith("-"), "smallest first: " + lines[1]);
        assertTrue(lines[2].contains(" 2.00 ") && lines[2].contains(" 0.89 ") && lines[2].trim().endsWith("50.0"),
                lines[2]);
    }

    @Test
    void latencyTablePrintsPercentilesOrDashes() {
        LatencyResult some = new LatencyResult(SMALL, 1000, DeliveryGuarantee.EXACTLY_ONCE, 5000, 170_000, 3, 3,
                Percentiles.of(new long[] {400, 900, 1200}), 2_000_000, 3_000_000);
        LatencyResult none = new LatencyResult(SMALL, 250, DeliveryGuarantee.AT_LEAST_ONCE, 5000, 170_000, 0, 0,
                Percentiles.of(new long[0]), -1, -1);
        String[] lines = BenchTable.latency(List.of(some, none)).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[1].contains(" 900 ") && lines[1].contains(" 1200 ") && lines[1].contains(" 200 ")
                && lines[1].trim().endsWith("300"), lines[1]);
        assertTrue(lines[1].contains(" exactly-once "), lines[1]);
        assertTrue(lines[2].contains("250ms") && lines[2].contains(" at-least-once ") && lines[2].trim().endsWith("-"),
                lines[2]);
    }

    @Test
    void campaignGrowthComparesCampaignCountsAtOneSize() {
        WorldInfo c10 = new WorldInfo(20_000, 7, 1, 340_000, 70, 10, 2_000, Path.of("c10"), 10);
        WorldInfo c40 = new WorldInfo(20_000, 7, 1, 350_000, 90, 40, 8_000, Path.of("c40"), 40);
        Measurement few = run(BenchMode.REPLAY, c10, 340_070, 10.0);
        Measurement many = run(BenchMode.REPLAY, c40, 350_070, 11.2);
        assertEquals(5_000.0, BenchTable.microsPerCampaignCall(few), 1e-9);
        assertEquals(200.0, BenchTable.marginalMicrosPerCampaignCall(few, many), 1e-9);
        assertEquals(300.0, BenchTable.marginalCpuMicrosPerCampaignCall(few, many), 1e-9, "CPU = 1.5 × wall here");
        assertTrue(Double.isNaN(BenchTable.marginalCpuMicrosPerCampaignCall(few,
                new Measurement(BenchMode.REPLAY, c40, 350_070, 11.2, 2, 0, -1, 1.5, -1))), "CPU time unknown");
        String table = BenchTable.campaignGrowth(List.of(many, run(BenchMode.FLOOR, c10, 340_070, 1.0), few,
                run(BenchMode.FLOOR, c40, 350_090, 1.0)));
        String[] lines = table.split("\n");
        assertEquals(5, lines.length, table);
        assertTrue(lines[0].startsWith("mode") && lines[0].contains("marg µs/call"), lines[0]);
        assertTrue(lines[1].startsWith("replay") && lines[1].contains("20,000×7d s1 c10")
                && lines[1].contains(" 5000.0 ") && lines[1].trim().endsWith("-"), "fewest campaigns first: " + lines[1]);
        assertTrue(lines[2].contains("c40") && lines[2].contains(" 4.00 ") && lines[2].contains(" 200.0 ")
                && lines[2].contains(" 300.0 ") && lines[2].trim().endsWith("120.0"),
                "x campaigns, marginal per call (wall, CPU) and per record: " + lines[2]);
        assertTrue(lines[3].startsWith("floor") && lines[4].startsWith("floor") && lines[4].trim().endsWith(" 0.0"),
                "floor grew by nothing per extra campaign call: " + lines[4]);
    }

    @Test
    void campaignGrowthIsEmptyWithoutTwoCampaignCounts() {
        assertEquals("", BenchTable.campaignGrowth(List.of(run(BenchMode.REPLAY, SMALL, 100_000, 6.0),
                run(BenchMode.REPLAY, LARGE, 300_000, 16.0))));
    }

    @Test
    void subscriberGrowthComparesOnlyWorldsOfOneCampaignSetting() {
        WorldInfo small40 = new WorldInfo(10_000, 7, 1, 180_000, 80, 40, 8_000, Path.of("s40"), 40);
        String[] lines = BenchTable.costGrowth(List.of(run(BenchMode.REPLAY, SMALL, 100_000, 6.0),
                run(BenchMode.REPLAY, LARGE, 300_000, 16.0), run(BenchMode.REPLAY, small40, 180_000, 9.0)))
                .split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[3].contains("c40") && lines[3].trim().endsWith("-"), "its own baseline: " + lines[3]);
    }

    @Test
    void labelNamesTheCampaignSettingOnlyWhenSet() {
        assertEquals("10,000×7d s1", SMALL.label());
        assertEquals("10,000×7d s1 c40", new WorldInfo(10_000, 7, 1, 1, 1, 40, 1, Path.of("x"), 40).label());
    }

    @Test
    void notANumberPrintsAsDash() {
        assertEquals("-", BenchTable.fixed(Double.NaN, 1));
        assertEquals("-", BenchTable.fixed(Double.POSITIVE_INFINITY, 1));
        assertEquals("1.50", BenchTable.fixed(1.5, 2));
    }
}
