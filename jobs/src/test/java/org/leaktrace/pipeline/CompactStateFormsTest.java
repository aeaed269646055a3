package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leaktrace.touch.HubCallersSerializer;

/**
 * Per-number state written with Flink's serializers (string keys, byte arrays, string and long
 * arrays), as savepoints of builds before {@link NumberKeySerializer} hold it, restores into the
 * compact forms on the heap and in RocksDB: every key's values and timers are found again, and
 * the state the restored job writes restores too. So does state written in the compact forms from
 * the start.
 */
class CompactStateFormsTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final long TIMER = T0 + 60_000L;
    private static final List<String> KEYS =
            List.of("+8613812345678", "358991104482920", "007", "ORG-SCHOOL-1", "", "+12345678901234567890");

    @ParameterizedTest(name = "rocksdb={0}")
    @ValueSource(booleans = {false, true})
    void stateOfFlinksSerializersRestoresAndIsWrittenOn(boolean rocksDb) throws Exception {
        assertRestores(Form.FLINK, rocksDb);
    }

    @ParameterizedTest(name = "rocksdb={0}")
    @ValueSource(booleans = {false, true})
    void stateOfTheCompactFormsRestores(boolean rocksDb) throws Exception {
        assertRestores(Form.COMPACT, rocksDb);
    }

    private static void assertRestores(Form first, boolean rocksDb) throws Exception {
        OperatorSubtaskState written;
        try (var before = open(first, null, rocksDb)) {
            for (String key : KEYS) {
                before.processElement(key, T0);
            }
            written = before.snapshot(1, T0);
        }
        OperatorSubtaskState rewritten;
        try (var after = open(Form.COMPACT, written, rocksDb)) {
            rewritten = after.snapshot(2, T0);
            assertHeld(after);
        }
        try (var again = open(Form.COMPACT, rewritten, rocksDb)) {
            assertHeld(again);
        }
    }

    /** Each key's values as written, then each key's timer firing on it. */
    private static void assertHeld(KeyedOneInputStreamOperatorTestHarness<String, String, String> h) throws Exception {
        List<String> expected = new ArrayList<>();
        for (String key : KEYS) {
            h.processElement(key, T0);
            expected.add("held " + key + " " + key + "|" + key + "1 "
                    + Arrays.toString(new long[] {key.length(), Long.MIN_VALUE, key.hashCode()}));
        }
        h.processWatermark(new Watermark(TIMER));
        List<String> out = h.extractOutputValues();
        List<String> timers = new ArrayList<>(out.subList(KEYS.size(), out.size()));
        timers.sort(null);
        List<String> expectedTimers = new ArrayList<>(KEYS.stream().map(k -> "timer " + k).toList());
        expectedTimers.sort(null);
        assertEquals(expected, out.subList(0, KEYS.size()));
        assertEquals(expectedTimers, timers);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> open(
            Form form, OperatorSubtaskState restore, boolean rocksDb) throws Exception {
        var h = OneKeyHarness.open(new Holder(form, restore != null), (String e) -> e, form.keys, restore, rocksDb);
        h.setStateTtlProcessingTime(0);
        return h;
    }

    /** The serializers state is written with: Flink's, or this package's compact ones. */
    private enum Form {
        FLINK(Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO),
        COMPACT(NumberKeySerializer.TYPE, StateBytesSerializer.TYPE, NumberArraySerializer.TYPE,
                HubCallersSerializer.TYPE);

        final TypeInformation<String> keys;
        final TypeInformation<byte[]> bytes;
        final TypeInformation<String[]> numbers;
        final TypeInformation<long[]> longs;

        Form(TypeInformation<String> keys, TypeInformation<byte[]> bytes, TypeInformation<String[]> numbers,
                TypeInformation<long[]> longs) {
            this.keys = keys;
            this.bytes = bytes;
            this.numbers = numbers;
            this.longs = longs;
        }
    }

    /** Writes a key's bytes and numbers with time-to-live and sets a timer; a restored one reports them. */
    private static final class Holder extends KeyedProcessFunction<String, String, String> {
        private final Form form;
        private final boolean report;
        private transient ValueState<byte[]> bytes;
        private transient ValueState<String[]> numbers;
        private transient ValueState<long[]> longs;

        Holder(Form form, boolean report) {
            this.form = form;
            this.report = report;
        }

        @Override
        public void open(OpenContext context) {
            ValueStateDescriptor<byte[]> bytesDescriptor = new ValueStateDescriptor<>("bytes", form.bytes);
            bytesDescriptor.enableTimeToLive(StateTtl.refreshedOnWrite(Duration.ofDays(1)));
            ValueStateDescriptor<String[]> numbersDescriptor = new ValueStateDescriptor<>("numbers", form.numbers);
            numbersDescriptor.enableTimeToLive(StateTtl.refreshedOnWrite(Duration.ofDays(1)));
            ValueStateDescriptor<long[]> longsDescriptor = new ValueStateDescriptor<>("longs", form.longs);
            longsDescriptor.enableTimeToLive(StateTtl.refreshedOnWrite(Duration.ofDays(1)));
            bytes = getRuntimeContext().getState(bytesDescriptor);
            numbers = getRuntimeContext().getState(numbersDescriptor);
            longs = getRuntimeContext().getState(longsDescriptor);
        }

        @Override
        public void processElement(String key, Context ctx, Collector<String> out) throws Exception {
            if (report) {
                out.collect("held " + new String(bytes.value(), StandardCharsets.UTF_8) + " "
                        + String.join("|", numbers.value()) + " " + Arrays.toString(longs.value()));
                return;
            }
            bytes.update(key.getBytes(StandardCharsets.UTF_8));
            numbers.update(new String[] {key, key + "1"});
            longs.update(new long[] {key.length(), Long.MIN_VALUE, key.hashCode()});
            ctx.timerService().registerEventTimeTimer(TIMER);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect("timer " + ctx.getCurrentKey());
        }
    }
}
