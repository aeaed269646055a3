package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Times as steps: seconds only where every step divides, whatever the chaining and the wrap. */
class TimeStepsTest {
    private static final long T0 = 1_772_000_000_000L;

    @Test
    void stepsOfWholeSecondsAreWrittenInSecondsAndReadBack() throws IOException {
        long[] times = {T0 - 200 * 86_400_000L, T0 - 3_600_000L, T0};
        for (boolean chained : new boolean[] {false, true}) {
            assertTrue(TimeSteps.inWholeSeconds(T0, times, chained));
            byte[] seconds = written(T0, times, chained, TimeSteps.SECOND_MS);
            byte[] millis = written(T0, times, chained, 1);
            assertTrue(seconds.length < millis.length, seconds.length + " bytes against " + millis.length);
            assertArrayEquals(times, read(seconds, T0, chained, TimeSteps.SECOND_MS));
            assertArrayEquals(times, read(millis, T0, chained, 1));
        }
    }

    @Test
    void aStepThatWrapsIsNotTakenForWholeSeconds() {
        // Both whole seconds, but their difference wraps past 2^64, which 1,000 does not divide.
        long low = -9_223_372_036_854_775_000L;
        long high = 9_223_372_036_854_775_000L;
        assertFalse(TimeSteps.inWholeSeconds(low, new long[] {high}, false));
        assertFalse(TimeSteps.inWholeSeconds(0, new long[] {low, high}, true));
        assertFalse(TimeSteps.inWholeSeconds(T0, new long[] {T0 + 1}, false));
    }

    @Test
    void nullAndEmptyArraysSurvive() throws IOException {
        assertTrue(TimeSteps.inWholeSeconds(T0, null, true));
        assertNull(read(written(T0, null, true, TimeSteps.SECOND_MS), T0, true, TimeSteps.SECOND_MS));
        assertArrayEquals(new long[0], read(written(T0, new long[0], false, 1), T0, false, 1));
    }

    @Test
    void theUnitFlagIsOneByteAndAnUnknownOneFails() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4);
        assertEquals(TimeSteps.SECOND_MS, TimeSteps.writeUnit(out, true));
        assertEquals(1, TimeSteps.writeUnit(out, false));
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertEquals(TimeSteps.SECOND_MS, TimeSteps.readUnit(in, "a test"));
        assertEquals(1, TimeSteps.readUnit(in, "a test"));
        assertThrows(IOException.class, () -> TimeSteps.readUnit(new DataInputDeserializer(new byte[] {2}), "a test"));
    }

    private static byte[] written(long fromMs, long[] times, boolean chained, long unit) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(32);
        TimeSteps.write(out, fromMs, times, chained, unit, 100);
        return out.getCopyOfBuffer();
    }

    private static long[] read(byte[] bytes, long fromMs, boolean chained, long unit) throws IOException {
        return TimeSteps.read(new DataInputDeserializer(bytes), fromMs, chained, unit, 100);
    }
}
