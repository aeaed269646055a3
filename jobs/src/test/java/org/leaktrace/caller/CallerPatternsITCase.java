package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.caller.Events.DAY;
import static org.leaktrace.caller.Events.HOUR;
import static org.leaktrace.caller.Events.MINUTE;
import static org.leaktrace.caller.Events.T0;
import static org.leaktrace.caller.Events.call;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leaktrace.touch.CallerEvent;

/**
 * The caller signals of the pipeline on a small MiniCluster: each with a case that must and one
 * that must not match, and, on random dialling, the same signals as the CEP patterns fed every
 * cold call (two of them now behind gates, the short-call burst counted without CEP).
 */
class CallerPatternsITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    @Test
    void patternsSignalOnlyWhereTheSequenceIsThere() throws Exception {
        List<CallerEvent> calls = new ArrayList<>();
        List<CallerEvent> complaints = new ArrayList<>();
        String burst = "+8613911110001";
        String repeats = "+8613911110002";
        String dialler = "+8613911110003";
        String scattered = "+8613911110004";
        String complained = "+8613911110005";
        String innocent = "+8613911110006";
        for (int i = 0; i < 8; i++) {
            calls.add(call(burst, mobile(i * 37), T0 + i * 5 * MINUTE, i % 3 == 0, 8));
            calls.add(call(repeats, mobile((i % 4) * 100), T0 + i * 5 * MINUTE, false, 0));
        }
        for (int i = 0; i < 5; i++) {
            calls.add(call(dialler, mobile(500 + i * 3), T0 + i * MINUTE, true, 45));
            calls.add(call(scattered, mobile(500 + i * 1000), T0 + i * MINUTE, true, 45));
        }
        calls.add(call(complained, mobile(42), T0, false, 0));
        calls.add(call(innocent, mobile(43), T0, false, 0));
        complaints.add(Events.complaint(mobile(42), complained, T0 + 20 * HOUR));
        complaints.add(Events.complaint(mobile(44), innocent, T0 + 20 * HOUR));
        // Within the complaint window (the profile counts it as matched), past the pattern's.
        complaints.add(Events.complaint(mobile(43), innocent, T0 + 2 * DAY));

        StreamExecutionEnvironment env = environment();
        TypeInformation<CallerEvent> type = TypeInformation.of(CallerEvent.class);
        WatermarkStrategy<CallerEvent> watermarks = WatermarkStrategy
                .<CallerEvent>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                .withTimestampAssigner((e, ts) -> e.timeMs);
        DataStream<CallerEvent> coldCalls = env.fromData(calls, type).assignTimestampsAndWatermarks(watermarks);
        DataStream<CallerEvent> complaintEvents =
                env.fromData(complaints, type).assignTimestampsAndWatermarks(watermarks);

        Set<String> signals = new TreeSet<>();
        try (CloseableIterator<CallerEvent> it =
                CallerStage.signals(coldCalls, complaintEvents, CallerConfig.defaults(), true).executeAndCollect()) {
            it.forEachRemaining(e -> signals.add(e.caller + " " + e.signal));
        }
        assertEquals(new TreeSet<>(List.of(
                        burst + " " + ShortCallBurstFunction.SIGNAL,
                        dialler + " " + SequentialDialingPattern.SIGNAL,
                        complained + " " + ComplaintAfterCallPattern.SIGNAL)),
                signals);
    }

    @Test
    void aComplaintLeavesOtherCallersPendingCallsToTheSameCallee() throws Exception {
        String first = "+8613911110008";
        String second = "+8613911110009";
        String bystander = "+8613911110010";
        String callee = mobile(60);
        List<CallerEvent> calls = List.of(
                call(first, callee, T0, false, 0),
                call(second, callee, T0 + HOUR, true, 20),
                call(second, callee, T0 + 2 * HOUR, true, 20),
                call(bystander, callee, T0 + 3 * HOUR, true, 20));
        List<CallerEvent> complaints = List.of(
                Events.complaint(callee, second, T0 + 12 * HOUR),
                Events.complaint(callee, first, T0 + 20 * HOUR));

        StreamExecutionEnvironment env = environment();
        TypeInformation<CallerEvent> type = TypeInformation.of(CallerEvent.class);
        WatermarkStrategy<CallerEvent> watermarks = WatermarkStrategy
                .<CallerEvent>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                .withTimestampAssigner((e, ts) -> e.timeMs);
        List<String> signals = new ArrayList<>();
        try (CloseableIterator<CallerEvent> it = CallerStage.signals(
                        env.fromData(calls, type).assignTimestampsAndWatermarks(watermarks),
                        env.fromData(complaints, type).assignTimestampsAndWatermarks(watermarks),
                        CallerConfig.defaults(),
                        true)
                .filter(e -> ComplaintAfterCallPattern.SIGNAL.equals(e.signal))
                .executeAndCollect()) {
            it.forEachRemaining(e -> signals.add(e.caller + " @" + (e.timeMs - T0) / HOUR + "h"));
        }
        assertEquals(Set.of(second + " @12h", first + " @20h"), new TreeSet<>(signals),
                "each complaint is tied to the reported number's own call, and matching one keeps the others");
    }

    @Test
    void burstNeedsItsCallsWithinTheWindow() throws Exception {
        List<CallerEvent> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(call("+8613911110007", mobile(i * 37), T0 + i * 10 * MINUTE, false, 0));
        }
        StreamExecutionEnvironment env = environment();
        TypeInformation<CallerEvent> type = TypeInformation.of(CallerEvent.class);
        DataStream<CallerEvent> coldCalls = env.fromData(calls, type).assignTimestampsAndWatermarks(
                WatermarkStrategy.<CallerEvent>forMonotonousTimestamps().withTimestampAssigner((e, ts) -> e.timeMs));
        DataStream<CallerEvent> noComplaints = coldCalls.filter(e -> false);
        List<CallerEvent> out = new ArrayList<>();
        try (CloseableIterator<CallerEvent> it =
                CallerStage.signals(coldCalls, noComplaints, CallerConfig.defaults(), true).executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        assertEquals(List.of(), out, "8 calls over 70 minutes are not a 1-hour burst");
        assertEquals(70 * MINUTE, calls.get(7).timeMs - calls.get(0).timeMs);
        assertEquals(true, HOUR < 70 * MINUTE);
    }

    /**
     * Random dialling by callers of different pace, with runs that step by up to 12 (10 is the
     * limit), repeat a number, pause for about the window, are cut by one call elsewhere or dial
     * unreadable numbers, calls short and long: the signals as the pipeline wires them (sequential
     * dialing behind its gate, the short-call burst counted by {@link ShortCallBurstFunction})
     * come at the same calls and are emitted at the same times as the patterns fed every cold
     * call. A gate in front of the burst pattern was tried and failed this: its held calls,
     * handed on late, left partial matches open that held back later matches.
     */
    @Test
    void patternsBehindTheirGatesSignalWhatThePatternsAloneDid() throws Exception {
        Random random = new Random(20261204L);
        List<CallerEvent> calls = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            String caller = String.format("+86139%08d", c);
            int pace = new int[] {90_000, 300_000, 600_000, 1_200_000}[c % 4];
            long time = T0 + random.nextInt(600) * 1000L;
            long number = 13_800_000_000L + random.nextInt(1_000_000);
            for (int i = 0; i < 120; i++) {
                time += random.nextInt(20) == 0
                        ? 55 * MINUTE + random.nextInt(10 * 60) * 1000L
                        : 1000L + random.nextInt(pace);
                int kind = random.nextInt(10);
                long callee;
                if (kind < 6) {
                    number += random.nextInt(25) - 12;
                    callee = number;
                } else if (kind < 8) {
                    // One call elsewhere, then the walk of the range goes on: that call must end the run.
                    callee = 13_800_000_000L + random.nextInt(1_000_000);
                } else {
                    number = 13_800_000_000L + random.nextInt(1_000_000);
                    callee = number;
                }
                String text = kind == 9 && random.nextBoolean() ? "+86UNKNOWN" + i : "+86" + callee;
                calls.add(call(caller, text, time, random.nextInt(3) > 0, random.nextInt(60)));
            }
        }
        calls.sort(Comparator.comparingLong(e -> e.timeMs));
        for (int i = 0; i + 1 < calls.size(); i += 2) {
            if (random.nextBoolean() && calls.get(i + 1).timeMs - calls.get(i).timeMs < MINUTE) {
                Collections.swap(calls, i, i + 1);
            }
        }
        CallerConfig config = CallerConfig.defaults();
        WatermarkStrategy<CallerEvent> watermarks = WatermarkStrategy
                .<CallerEvent>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                .withTimestampAssigner((e, ts) -> e.timeMs);
        TypeInformation<CallerEvent> type = TypeInformation.of(CallerEvent.class);

        StreamExecutionEnvironment alone = environment();
        KeyedStream<CallerEvent, String> everyCall = alone.fromData(calls, type)
                .assignTimestampsAndWatermarks(watermarks)
                .keyBy(e -> e.caller, Types.STRING);
        List<String> before = signals(CEP.pattern(everyCall, SequentialDialingPattern.pattern(config))
                .inEventTime()
                .process(new SequentialDialingPattern(), type)
                .union(CEP.pattern(everyCall, ShortCallBurstPattern.pattern(config))
                        .inEventTime()
                        .process(new ShortCallBurstPattern(), type)));

        StreamExecutionEnvironment gated = environment();
        DataStream<CallerEvent> coldCalls = gated.fromData(calls, type).assignTimestampsAndWatermarks(watermarks);
        List<String> after = signals(CallerStage.signals(coldCalls, coldCalls.filter(e -> false), config, true)
                .filter(e -> !SharedDeviceFunction.SIGNAL.equals(e.signal)));

        assertEquals(before, after);
        assertTrue(before.stream().filter(x -> x.contains(SequentialDialingPattern.SIGNAL)).count() >= 30,
                "the random dialling has runs: " + before);
        assertTrue(before.stream().filter(x -> x.contains(ShortCallBurstPattern.SIGNAL)).count() >= 30,
                "and bursts: " + before);
    }

    /**
     * Callers ringing a few callees over and over, around the window's length apart and at
     * exactly it: the burst count signals where the CEP pattern did. Its state keeps each callee
     * at its latest call only, which is right only if an earlier call to a callee called again
     * makes no difference; here that happens all the time.
     */
    @Test
    void burstCountSignalsWhereThePatternDid() throws Exception {
        Random random = new Random(20261205L);
        CallerConfig config = CallerConfig.defaults();
        long window = config.burstWindow().toMillis();
        List<CallerEvent> calls = new ArrayList<>();
        for (int c = 0; c < 80; c++) {
            String caller = String.format("+86137%08d", c);
            int callees = 6 + c % 10;
            long time = T0 + random.nextInt(600) * 1000L;
            for (int i = 0; i < 90; i++) {
                int gap = random.nextInt(12);
                // Whole minutes, so that a call often comes exactly a window after an earlier one.
                time += gap == 0 ? window : MINUTE * (1 + random.nextInt(6));
                String callee = "+86138000000" + String.format("%02d", random.nextInt(callees));
                calls.add(call(caller, callee, time, random.nextInt(4) == 0, random.nextInt(45)));
            }
        }
        calls.sort(Comparator.comparingLong(e -> e.timeMs));
        WatermarkStrategy<CallerEvent> watermarks = WatermarkStrategy
                .<CallerEvent>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                .withTimestampAssigner((e, ts) -> e.timeMs);
        TypeInformation<CallerEvent> type = TypeInformation.of(CallerEvent.class);

        StreamExecutionEnvironment alone = environment();
        List<String> before = signals(CEP.pattern(
                        alone.fromData(calls, type).assignTimestampsAndWatermarks(watermarks).keyBy(e -> e.caller, Types.STRING),
                        ShortCallBurstPattern.pattern(config))
                .inEventTime()
                .process(new ShortCallBurstPattern(), type));

        StreamExecutionEnvironment wired = environment();
        DataStream<CallerEvent> coldCalls = wired.fromData(calls, type).assignTimestampsAndWatermarks(watermarks);
        List<String> after = signals(CallerStage.signals(coldCalls, coldCalls.filter(e -> false), config, true)
                .filter(e -> ShortCallBurstFunction.SIGNAL.equals(e.signal)));

        assertEquals(before, after);
        assertTrue(before.size() >= 80, "the dialling has bursts: " + before.size());
        // Callers c with 6 + c % 10 < 8 callees never reach 8 distinct ones.
        assertTrue(before.stream().noneMatch(x -> Integer.parseInt(x.substring(6, 14)) % 10 < 2),
                "callers of six or seven people have no burst: " + before);
    }

    /**
     * Each signal with its record's timestamp: a pattern that matches the same calls but emits
     * later (a partial match left open holds back the matches after it) reaches the caller
     * profile after other calls, which changes its alerts.
     */
    private static List<String> signals(DataStream<CallerEvent> signals) throws Exception {
        List<String> out = new ArrayList<>();
        DataStream<String> described = signals.process(new ProcessFunction<CallerEvent, String>() {
            @Override
            public void processElement(CallerEvent e, Context ctx, Collector<String> collector) {
                collector.collect(e.caller + " " + e.signal + " @" + (e.timeMs - T0) / 1000
                        + " emitted @" + (ctx.timestamp() - T0) / 1000);
            }
        });
        try (CloseableIterator<String> it = described.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        out.sort(null);
        return out;
    }
}
