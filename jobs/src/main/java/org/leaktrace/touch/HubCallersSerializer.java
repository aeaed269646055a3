package org.leaktrace.touch;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.leaktrace.pipeline.Varints;
import org.leaktrace.pipeline.WrittenSerializer;
import org.leaktrace.pipeline.WrittenSnapshot;
import org.leaktrace.pipeline.WrittenTypeInfo;

/**
 * The callers {@link HubFunction} keeps per mobile number: a varint count, the first kept call's
 * minute as a varint, then each kept caller's long as it is.
 *
 * <p>Nearly every mobile number keeps a few callers, so this state has an entry per subscriber:
 * Flink's long array serializer writes a count of four bytes and the minute in eight; here they
 * take one and four, 7 of about 67 bytes an entry. A kept caller's long (digits and minutes in one)
 * uses all its bits and stays at eight. State written by Flink's serializer (savepoints of earlier
 * builds) is read with it and written on in this form, by migration.
 */
public final class HubCallersSerializer extends WrittenSerializer<long[]> {
    private static final long serialVersionUID = 1L;

    public static final HubCallersSerializer INSTANCE = new HubCallersSerializer();

    /** Type information that serializes with this serializer, for the state descriptor. */
    public static final WrittenTypeInfo<long[]> TYPE = new WrittenTypeInfo<>(long[].class, INSTANCE);

    /** More longs than this are corrupt input: a number keeps at most {@link HubFunction#MAX_MIN_CALLERS} + 1. */
    private static final int MAX_LONGS = 1 << 16;
    private static final long[] EMPTY = new long[0];

    private HubCallersSerializer() {}

    @Override
    public long[] createInstance() {
        return EMPTY;
    }

    @Override
    public long[] copy(long[] from) {
        return from.clone();
    }

    @Override
    public void serialize(long[] kept, DataOutputView out) throws IOException {
        Varints.writeUnsigned(out, kept.length);
        if (kept.length > 0) {
            Varints.writeSigned(out, kept[0]);
        }
        for (int i = 1; i < kept.length; i++) {
            out.writeLong(kept[i]);
        }
    }

    @Override
    public long[] deserialize(DataInputView in) throws IOException {
        long[] kept = new long[Varints.readCount(in, MAX_LONGS, "kept callers")];
        if (kept.length > 0) {
            kept[0] = Varints.readSigned(in);
        }
        for (int i = 1; i < kept.length; i++) {
            kept[i] = in.readLong();
        }
        return kept;
    }

    @Override
    public TypeSerializerSnapshot<long[]> snapshotConfiguration() {
        return new Snapshot();
    }

    @Override
    public int layout() {
        return 1;
    }

    /** Names the layout; takes over state Flink's long array serializer wrote, by migration. */
    public static final class Snapshot extends WrittenSnapshot<long[]> {
        public Snapshot() {
            super(INSTANCE, LongPrimitiveArraySerializer.LongPrimitiveArraySerializerSnapshot.class);
        }
    }
}
