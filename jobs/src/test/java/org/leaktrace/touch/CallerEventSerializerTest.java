package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;
import org.leaktrace.pipeline.WrittenTypeInfo;

/**
 * {@link CallerEventSerializer} under Flink's serializer test suite (round trips, copies, snapshot
 * and restore of its configuration), and every field of the event written.
 */
class CallerEventSerializerTest extends SerializerTestBase<CallerEvent> {
    private static final long T0 = CallBuilder.T0.toEpochMilli();

    CallerEventSerializerTest() {
        super(EventFields.checker(CallerEvent.class));
    }

    @Override
    protected TypeSerializer<CallerEvent> createSerializer() {
        return CallerEventSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<CallerEvent> getTypeClass() {
        return CallerEvent.class;
    }

    @Override
    public CallerEvent[] getTestData() {
        CallerEvent call = new CallerEvent();
        call.kind = CallerEvent.CALL;
        call.caller = "+8618900000002";
        call.counterparty = "+8613800000001";
        call.timeMs = T0;
        call.recordId = "CDR-000000017";
        call.answered = true;
        call.durationS = 12;
        call.callerImei = "356938035643809";
        call.cellId = "4600-1234";
        call.inService = true;
        call.touchSources = new String[] {"SCH-047", "+86106900000", null};
        call.touchFirstMs = new long[] {T0 - 86_400_000L, T0 - 3_600_000L, 0L};
        call.touchLastMs = new long[] {T0 - 60_000L, T0 - 1L, 0L};
        CallerEvent text = new CallerEvent();
        text.kind = CallerEvent.CALL;
        text.caller = "+8618900000002";
        text.counterparty = "+8613800000005";
        text.timeMs = T0 + 1;
        text.sms = true;
        text.priorContact = true;
        text.touchSources = new String[0];
        text.touchFirstMs = new long[0];
        text.touchLastMs = new long[0];
        CallerEvent complaint = CallerEvent.reciprocation("+8618900000002", "+8613800000001", T0 + 2);
        complaint.kind = CallerEvent.COMPLAINT;
        complaint.recordId = "投诉-é-\uD83D\uDCDE";
        return new CallerEvent[] {
            call, text, complaint, new CallerEvent(),
            CallerEvent.signal("+8618900000002", "short_call_burst", Long.MIN_VALUE),
            CallerEvent.reciprocation("+8618900000002", "+8613800000001", T0 + 3),
        };
    }

    @Test
    void extractedTypeUsesThisSerializer() {
        TypeInformation<CallerEvent> info = TypeInformation.of(CallerEvent.class);
        assertInstanceOf(WrittenTypeInfo.class, info);
        assertSame(CallerEventSerializer.INSTANCE, info.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void everyFieldIsWritten() throws Exception {
        EventFields.assertEveryFieldSurvives(CallerEvent.class, CallerEventSerializer.INSTANCE);
    }
}
