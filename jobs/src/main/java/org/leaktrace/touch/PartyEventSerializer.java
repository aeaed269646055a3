package org.leaktrace.touch;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.leaktrace.pipeline.ByteText;
import org.leaktrace.pipeline.WrittenSerializer;
import org.leaktrace.pipeline.WrittenSnapshot;
import org.leaktrace.pipeline.WrittenTypeInfo;

/**
 * Flink serializer of {@link PartyEvent}, field by field without reflection.
 *
 * <p>Every call becomes two party events that cross the network to the touchpoint and hub stages;
 * Flink's POJO serializer reads each field reflectively behind a null mask and each string char
 * by char. Layout: kind, a flag byte (sms, answered), subscriber, counterparty, time, record id,
 * duration, caller IMEI, cell id; strings as {@link ByteText}.
 */
public final class PartyEventSerializer extends WrittenSerializer<PartyEvent> {
    private static final long serialVersionUID = 1L;
    public static final PartyEventSerializer INSTANCE = new PartyEventSerializer();
    private static final int SMS = 1;
    private static final int ANSWERED = 2;

    /** Gives {@link PartyEvent} this serializer wherever Flink extracts its type. */
    public static final class Factory extends TypeInfoFactory<PartyEvent> {
        @Override
        public TypeInformation<PartyEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new WrittenTypeInfo<>(PartyEvent.class, INSTANCE);
        }
    }

    /** Names the layout, and reads state written in the POJO form as well ({@link WrittenSnapshot}). */
    public static final class Snapshot extends WrittenSnapshot<PartyEvent> {
        public Snapshot() {
            super(INSTANCE);
        }
    }

    @Override
    public int layout() {
        return 1;
    }

    @Override
    public PartyEvent createInstance() {
        return new PartyEvent();
    }

    @Override
    public PartyEvent copy(PartyEvent from) {
        PartyEvent e = new PartyEvent();
        e.kind = from.kind;
        e.subscriber = from.subscriber;
        e.counterparty = from.counterparty;
        e.timeMs = from.timeMs;
        e.recordId = from.recordId;
        e.sms = from.sms;
        e.durationS = from.durationS;
        e.answered = from.answered;
        e.callerImei = from.callerImei;
        e.cellId = from.cellId;
        return e;
    }

    @Override
    public void serialize(PartyEvent e, DataOutputView out) throws IOException {
        out.writeByte(e.kind);
        out.writeByte((e.sms ? SMS : 0) | (e.answered ? ANSWERED : 0));
        ByteText.write(out, e.subscriber);
        ByteText.write(out, e.counterparty);
        out.writeLong(e.timeMs);
        ByteText.write(out, e.recordId);
        out.writeInt(e.durationS);
        ByteText.write(out, e.callerImei);
        ByteText.write(out, e.cellId);
    }

    @Override
    public PartyEvent deserialize(DataInputView in) throws IOException {
        PartyEvent e = new PartyEvent();
        e.kind = in.readByte();
        int flags = in.readUnsignedByte();
        e.sms = (flags & SMS) != 0;
        e.answered = (flags & ANSWERED) != 0;
        e.subscriber = ByteText.read(in);
        e.counterparty = ByteText.read(in);
        e.timeMs = in.readLong();
        e.recordId = ByteText.read(in);
        e.durationS = in.readInt();
        e.callerImei = ByteText.read(in);
        e.cellId = ByteText.read(in);
        return e;
    }

    @Override
    public TypeSerializerSnapshot<PartyEvent> snapshotConfiguration() {
        return new Snapshot();
    }
}
