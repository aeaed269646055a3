package org.leaktrace.ingest;

import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.leaktrace.pipeline.ByteText;
import org.leaktrace.pipeline.WrittenSerializer;
import org.leaktrace.pipeline.WrittenSnapshot;
import org.leaktrace.pipeline.WrittenTypeInfo;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;

/**
 * Flink serializer of {@link CallRecord} between the parse chain and the party splitter, field by
 * field.
 *
 * <p>Every call record crosses the network once, from the parse (or Kafka decode) chain to the
 * party splitter. Flink's Avro serializer walks the schema per field and resolves each string
 * through Avro's {@code Utf8}: about a quarter of the parse task's samples and a fifth of the
 * splitter's. Layout: a flag byte (type, answered, whether the start time is set), record id,
 * caller, callee, start time in epoch milliseconds (as Avro's {@code timestamp-millis} keeps it),
 * duration, caller IMEI, cell id; strings as {@link ByteText}.
 *
 * <p>Call records are never held in state; the layout number guards against that changing
 * unnoticed ({@link WrittenSnapshot}).
 */
public final class CallRecordSerializer extends WrittenSerializer<CallRecord> {
    private static final long serialVersionUID = 1L;
    public static final CallRecordSerializer INSTANCE = new CallRecordSerializer();
    /** The type every stream of call records is given. */
    public static final TypeInformation<CallRecord> TYPE = new WrittenTypeInfo<>(CallRecord.class, INSTANCE);

    private static final int SMS = 1;
    private static final int VOICE = 2;
    private static final int ANSWERED = 4;
    private static final int STARTED = 8;

    /** Names the layout. */
    public static final class Snapshot extends WrittenSnapshot<CallRecord> {
        public Snapshot() {
            super(INSTANCE);
        }
    }

    @Override
    public int layout() {
        return 1;
    }

    @Override
    public CallRecord createInstance() {
        return new CallRecord();
    }

    @Override
    public CallRecord copy(CallRecord from) {
        // Every field is immutable (strings, an enum, an Instant): a shallow copy is deep.
        CallRecord r = new CallRecord();
        r.setRecordId(from.getRecordId());
        r.setType(from.getType());
        r.setCaller(from.getCaller());
        r.setCallee(from.getCallee());
        if (from.getStartTime() != null) {
            r.setStartTime(from.getStartTime());
        }
        r.setDurationS(from.getDurationS());
        r.setAnswered(from.getAnswered());
        r.setCallerImei(from.getCallerImei());
        r.setCellId(from.getCellId());
        return r;
    }

    @Override
    public void serialize(CallRecord r, DataOutputView out) throws IOException {
        int flags = type(r.getType())
                | (r.getAnswered() ? ANSWERED : 0)
                | (r.getStartTime() != null ? STARTED : 0);
        out.writeByte(flags);
        ByteText.write(out, r.getRecordId());
        ByteText.write(out, r.getCaller());
        ByteText.write(out, r.getCallee());
        if (r.getStartTime() != null) {
            out.writeLong(r.getStartTime().toEpochMilli());
        }
        out.writeInt(r.getDurationS());
        ByteText.write(out, r.getCallerImei());
        ByteText.write(out, r.getCellId());
    }

    /** The type's flag; a symbol added to {@link CallType} must be given one, or it fails here. */
    private static int type(CallType type) throws IOException {
        if (type == null) {
            return 0;
        }
        return switch (type) {
            case SMS -> SMS;
            case VOICE -> VOICE;
            default -> throw new IOException("call type " + type + " has no flag in this layout");
        };
    }

    @Override
    public CallRecord deserialize(DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        CallRecord r = new CallRecord();
        r.setType((flags & SMS) != 0 ? CallType.SMS : (flags & VOICE) != 0 ? CallType.VOICE : null);
        r.setAnswered((flags & ANSWERED) != 0);
        r.setRecordId(ByteText.read(in));
        r.setCaller(ByteText.read(in));
        r.setCallee(ByteText.read(in));
        if ((flags & STARTED) != 0) {
            // Only a record built without its start time lacks one; the setter refuses null.
            r.setStartTime(Instant.ofEpochMilli(in.readLong()));
        }
        r.setDurationS(in.readInt());
        r.setCallerImei(ByteText.read(in));
        r.setCellId(ByteText.read(in));
        return r;
    }

    @Override
    public TypeSerializerSnapshot<CallRecord> snapshotConfiguration() {
        return new Snapshot();
    }
}
