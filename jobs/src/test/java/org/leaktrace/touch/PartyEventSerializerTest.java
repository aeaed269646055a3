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
 * {@link PartyEventSerializer} under Flink's serializer test suite (round trips, copies, snapshot
 * and restore of its configuration), and every field of the event written.
 */
class PartyEventSerializerTest extends SerializerTestBase<PartyEvent> {
    private static final long T0 = CallBuilder.T0.toEpochMilli();

    PartyEventSerializerTest() {
        super(EventFields.checker(PartyEvent.class));
    }

    @Override
    protected TypeSerializer<PartyEvent> createSerializer() {
        return PartyEventSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<PartyEvent> getTypeClass() {
        return PartyEvent.class;
    }

    @Override
    public PartyEvent[] getTestData() {
        PartyEvent callee = PartyEvent.touch(PartyEvent.CALLEE, "+8613800000001", "+8618900000002", T0);
        callee.recordId = "CDR-000000017";
        callee.answered = true;
        callee.durationS = 41;
        callee.callerImei = "356938035643809";
        callee.cellId = "4600-1234";
        PartyEvent sms = PartyEvent.touch(PartyEvent.TOUCH_IN, "+8613800000001", "+86106900000", T0 + 1);
        sms.sms = true;
        PartyEvent foreign = PartyEvent.touch(PartyEvent.CALLER, "+8613800000003", "+4915112345678", -1L);
        foreign.recordId = "记录-é-\uD83D\uDCDE";
        foreign.cellId = "";
        return new PartyEvent[] {
            callee, sms, foreign, new PartyEvent(),
            PartyEvent.touch(PartyEvent.TOUCH_OUT, "+8613800000004", "ORG-SCHOOL-1", Long.MAX_VALUE),
        };
    }

    @Test
    void extractedTypeUsesThisSerializer() {
        TypeInformation<PartyEvent> info = TypeInformation.of(PartyEvent.class);
        assertInstanceOf(WrittenTypeInfo.class, info);
        assertSame(PartyEventSerializer.INSTANCE, info.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void everyFieldIsWritten() throws Exception {
        EventFields.assertEveryFieldSurvives(PartyEvent.class, PartyEventSerializer.INSTANCE);
    }
}
