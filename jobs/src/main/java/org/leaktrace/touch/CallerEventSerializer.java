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
import org.leaktrace.pipeline.Varints;
import org.leaktrace.pipeline.WrittenSerializer;
import org.leaktrace.pipeline.WrittenSnapshot;
import org.leaktrace.pipeline.WrittenTypeInfo;

/**
 * Flink serializer of {@link CallerEvent}, field by field without reflection.
 *
 * <p>Every call's caller event crosses the network to the caller profile, the hubs and the
 * patterns' gates; Flink's POJO serializer reads each field reflectively behind a null mask and
 * each string char by char. Layout: kind, a flag byte (sms, answered, prior contact, in service),
 * caller, counterparty, time, record id, duration, caller IMEI, cell id, the three touch arrays
 * (each a varint of length + 1, 0 for null, then its elements), signal; strings as
 * {@link ByteText}.
 */
public final class CallerEventSerializer extends WrittenSerializer<CallerEvent> {
    private static final long serialVersionUID = 1L;
    public static final CallerEventSerializer INSTANCE = new CallerEventSerializer();
    private static final int SMS = 1;
    private static final int ANSWERED = 2;
    private static final int PRIOR_CONTACT = 4;
    private static final int IN_SERVICE = 8;
    /** Longer arrays than this are corrupt input, not a callee's touches. */
    private static final int MAX_ELEMENTS = 1 << 20;

    /** Gives {@link CallerEvent} this serializer wherever Flink extracts its type. */
    public static final class Factory extends TypeInfoFactory<CallerEvent> {
        @Override
        public TypeInformation<CallerEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new WrittenTypeInfo<>(CallerEvent.class, INSTANCE);
        }
    }

    /** Names the layout, and reads state written in the POJO form as well ({@link WrittenSnapshot}). */
    public static final class Snapshot extends WrittenSnapshot<CallerEvent> {
        public Snapshot() {
            super(INSTANCE);
        }
    }

    @Override
    public int layout() {
        return 1;
    }

    @Override
    public CallerEvent createInstance() {
        return new CallerEvent();
    }

    @Override
    public CallerEvent copy(CallerEvent from) {
        CallerEvent e = new CallerEvent();
        e.kind = from.kind;
        e.caller = from.caller;
        e.counterparty = from.counterparty;
        e.timeMs = from.timeMs;
        e.recordId = from.recordId;
        e.sms = from.sms;
        e.durationS = from.durationS;
        e.answered = from.answered;
        e.callerImei = from.callerImei;
        e.cellId = from.cellId;
        e.priorContact = from.priorContact;
        e.inService = from.inService;
        e.touchSources = from.touchSources == null ? null : from.touchSources.clone();
        e.touchFirstMs = from.touchFirstMs == null ? null : from.touchFirstMs.clone();
        e.touchLastMs = from.touchLastMs == null ? null : from.touchLastMs.clone();
        e.signal = from.signal;
        return e;
    }

    @Override
    public void serialize(CallerEvent e, DataOutputView out) throws IOException {
        out.writeByte(e.kind);
        out.writeByte((e.sms ? SMS : 0) | (e.answered ? ANSWERED : 0)
                | (e.priorContact ? PRIOR_CONTACT : 0) | (e.inService ? IN_SERVICE : 0));
        ByteText.write(out, e.caller);
        ByteText.write(out, e.counterparty);
        out.writeLong(e.timeMs);
        ByteText.write(out, e.recordId);
        out.writeInt(e.durationS);
        ByteText.write(out, e.callerImei);
        ByteText.write(out, e.cellId);
        ByteText.writeAll(out, e.touchSources, MAX_ELEMENTS);
        writeLongs(out, e.touchFirstMs);
        writeLongs(out, e.touchLastMs);
        ByteText.write(out, e.signal);
    }

    @Override
    public CallerEvent deserialize(DataInputView in) throws IOException {
        CallerEvent e = new CallerEvent();
        e.kind = in.readByte();
        int flags = in.readUnsignedByte();
        e.sms = (flags & SMS) != 0;
        e.answered = (flags & ANSWERED) != 0;
        e.priorContact = (flags & PRIOR_CONTACT) != 0;
        e.inService = (flags & IN_SERVICE) != 0;
        e.caller = ByteText.read(in);
        e.counterparty = ByteText.read(in);
        e.timeMs = in.readLong();
        e.recordId = ByteText.read(in);
        e.durationS = in.readInt();
        e.callerImei = ByteText.read(in);
        e.cellId = ByteText.read(in);
        e.touchSources = ByteText.readAll(in, MAX_ELEMENTS);
        e.touchFirstMs = readLongs(in);
        e.touchLastMs = readLongs(in);
        e.signal = ByteText.read(in);
        return e;
    }

    @Override
    public TypeSerializerSnapshot<CallerEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeLongs(DataOutputView out, long[] values) throws IOException {
        Varints.writeLength(out, values == null ? -1 : values.length, MAX_ELEMENTS);
        if (values != null) {
            for (long v : values) {
                out.writeLong(v);
            }
        }
    }

    private static long[] readLongs(DataInputView in) throws IOException {
        int n = Varints.readLength(in, MAX_ELEMENTS);
        if (n < 0) {
            return null;
        }
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readLong();
        }
        return values;
    }
}
