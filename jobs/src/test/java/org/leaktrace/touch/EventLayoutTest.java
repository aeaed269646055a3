package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The event serializers' bytes are pinned to their layout number, and state of another layout is
 * refused rather than misread.
 *
 * <p>Changing what a serializer writes changes these bytes: that change takes a new layout number
 * and a reader of layout 1 for the state already written ({@code WrittenSnapshot}).
 */
class EventLayoutTest {
    /** The first test party event: kind, flags, subscriber, counterparty, time, record, duration, IMEI, cell. */
    private static final String PARTY_LAYOUT_1 = "02021d2b383631333830303030303030311d2b383631383930303030303030320000019ca6f686201b"
            + "4344522d303030303030303137000000291f33353639333830333536343338303913343630302d31323334";
    /** The first test caller event, with three touches, one of them with a null source. */
    private static final String CALLER_LAYOUT_1 = "000a1d2b383631383930303030303030321d2b383631333830303030303030310000019ca6f686201b"
            + "4344522d3030303030303031370000000c1f33353639333830333536343338303913343630302d3132333404"
            + "0f5343482d303437192b383631303639303030303000040000019ca1d02a200000019ca6bf97a00000000000"
            + "000000040000019ca6f59bc00000019ca6f6861f000000000000000000";

    @Test
    void partyEventLayoutOne() throws Exception {
        assertEquals(1, PartyEventSerializer.INSTANCE.layout());
        PartyEvent e = new PartyEventSerializerTest().getTestData()[0];
        assertBytes(PARTY_LAYOUT_1, PartyEventSerializer.INSTANCE, e);
    }

    @Test
    void callerEventLayoutOne() throws Exception {
        assertEquals(1, CallerEventSerializer.INSTANCE.layout());
        CallerEvent e = new CallerEventSerializerTest().getTestData()[0];
        assertBytes(CALLER_LAYOUT_1, CallerEventSerializer.INSTANCE, e);
    }

    @Test
    void stateOfAnotherLayoutIsIncompatible() throws Exception {
        TypeSerializerSnapshot<CallerEvent> other = new CallerEventSerializer.Snapshot();
        DataOutputSerializer layoutTwo = new DataOutputSerializer(4);
        layoutTwo.writeInt(2);
        other.readSnapshot(other.getCurrentVersion(), new DataInputDeserializer(layoutTwo.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertTrue(new CallerEventSerializer.Snapshot().resolveSchemaCompatibility(other).isIncompatible());
        assertThrows(IllegalStateException.class, other::restoreSerializer);
        assertTrue(new CallerEventSerializer.Snapshot()
                .resolveSchemaCompatibility(CallerEventSerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAsIs());
    }

    private static <T> void assertBytes(String hex, TypeSerializer<T> serializer, T event) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(event, out);
        assertEquals(hex, HexFormat.of().formatHex(out.getCopyOfBuffer()));
        T back = serializer.deserialize(new DataInputDeserializer(HexFormat.of().parseHex(hex)));
        assertTrue(EventFields.equal(event, back));
    }
}
