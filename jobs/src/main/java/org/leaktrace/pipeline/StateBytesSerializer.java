package org.leaktrace.pipeline;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The byte arrays the state codecs write (a caller's profile, a subscriber's touchpoints), each
 * with its length as a varint.
 *
 * <p>Flink's byte array serializer writes a length of four bytes; these arrays are 30 to 200 bytes
 * long, so one byte holds the length of most and two of the rest. Three bytes per entry, at about
 * two such entries per subscriber.
 *
 * <p>State written by Flink's byte array serializer (savepoints of earlier builds) is read with it
 * and written on in this form: compatible after migration, which the heap does as it restores and
 * RocksDB rewrites at the restore.
 */
public final class StateBytesSerializer extends WrittenSerializer<byte[]> {
    private static final long serialVersionUID = 1L;

    public static final StateBytesSerializer INSTANCE = new StateBytesSerializer();

    /** Type information that serializes with this serializer, for a state descriptor. */
    public static final WrittenTypeInfo<byte[]> TYPE = new WrittenTypeInfo<>(byte[].class, INSTANCE);

    /** Longer arrays than this are corrupt input; the JVM's arrays end just above it. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    private StateBytesSerializer() {}

    @Override
    public byte[] createInstance() {
        return EMPTY;
    }

    @Override
    public byte[] copy(byte[] from) {
        return from.clone();
    }

    @Override
    public void serialize(byte[] record, DataOutputView out) throws IOException {
        Varints.writeUnsigned(out, record.length);
        out.write(record);
    }

    @Override
    public byte[] deserialize(DataInputView in) throws IOException {
        byte[] bytes = new byte[Varints.readCount(in, MAX_BYTES, "state bytes")];
        in.readFully(bytes);
        return bytes;
    }

    @Override
    public TypeSerializerSnapshot<byte[]> snapshotConfiguration() {
        return new Snapshot();
    }

    @Override
    public int layout() {
        return 1;
    }

    /** Names the layout; takes over state Flink's byte array serializer wrote, by migration. */
    public static final class Snapshot extends WrittenSnapshot<byte[]> {
        public Snapshot() {
            super(INSTANCE, BytePrimitiveArraySerializer.BytePrimitiveArraySerializerSnapshot.class);
        }
    }
}
