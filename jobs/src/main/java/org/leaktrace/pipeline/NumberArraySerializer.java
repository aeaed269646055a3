package org.leaktrace.pipeline;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.StringArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A short array of phone numbers (the numbers a device has called from), each written as {@link
 * NumberKeySerializer} writes a key, after a varint count.
 *
 * <p>Nearly every device holds one number: Flink's string array serializer writes it in 19 bytes
 * (a count of four, then the string), here it takes 8. State written by Flink's serializer
 * (savepoints of earlier builds) is read with it and written on in this form, by migration.
 * Elements are never null.
 */
public final class NumberArraySerializer extends WrittenSerializer<String[]> {
    private static final long serialVersionUID = 1L;

    public static final NumberArraySerializer INSTANCE = new NumberArraySerializer();

    /** Type information that serializes with this serializer, for a state descriptor. */
    public static final WrittenTypeInfo<String[]> TYPE = new WrittenTypeInfo<>(String[].class, INSTANCE);

    /** More numbers than this are corrupt input: a device keeps a handful. */
    private static final int MAX_NUMBERS = 1 << 16;
    private static final String[] EMPTY = new String[0];

    private NumberArraySerializer() {}

    @Override
    public String[] createInstance() {
        return EMPTY;
    }

    @Override
    public String[] copy(String[] from) {
        return from.clone();
    }

    @Override
    public void serialize(String[] numbers, DataOutputView out) throws IOException {
        Varints.writeUnsigned(out, numbers.length);
        for (String number : numbers) {
            NumberKeySerializer.INSTANCE.serialize(number, out);
        }
    }

    @Override
    public String[] deserialize(DataInputView in) throws IOException {
        String[] numbers = new String[Varints.readCount(in, MAX_NUMBERS, "numbers")];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = NumberKeySerializer.INSTANCE.deserialize(in);
        }
        return numbers;
    }

    @Override
    public TypeSerializerSnapshot<String[]> snapshotConfiguration() {
        return new Snapshot();
    }

    @Override
    public int layout() {
        return 1;
    }

    /** Names the layout; takes over state Flink's string array serializer wrote, by migration. */
    public static final class Snapshot extends WrittenSnapshot<String[]> {
        public Snapshot() {
            super(INSTANCE, StringArraySerializer.StringArraySerializerSnapshot.class);
        }
    }
}
