package org.leaktrace.pipeline;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of a serializer written for one mutable type (a record, or an array a state keeps):
 * stateless, variable length, no object reuse on read (a fresh value each time, as Flink's
 * network input expects).
 *
 * <p>A subclass writes and reads the fields, deep-copies a value and names its snapshot.
 */
public abstract class WrittenSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    /**
     * The number of the byte layout this serializer writes. Any change to what it writes takes a
     * new number, and a reader of the old layout in {@link WrittenSnapshot} for state written in it.
     */
    public abstract int layout();

    /**
     * A serializer of the same type that reads state written in {@code layout}, an older layout
     * than {@link #layout()}, or null when this build cannot read it. {@link WrittenSnapshot}
     * restores such state with it and writes it on in the current layout (compatible after
     * migration).
     */
    public TypeSerializer<T> readerOf(int layout) {
        return null;
    }

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }
}
