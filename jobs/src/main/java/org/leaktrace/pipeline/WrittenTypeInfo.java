package org.leaktrace.pipeline;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information of a type that Flink serializes with a serializer written for it.
 *
 * <p>Given to a record class through {@code @TypeInfo} and a factory, so that every stream and
 * state of that type uses the serializer without each call site naming it. The two event types
 * between the keyed stages cross the network several times per call, and Flink's reflective POJO
 * serializer was a tenth of a replay's CPU samples. A state of arrays names its own in its
 * descriptor ({@link StateBytesSerializer#TYPE}, {@link NumberArraySerializer#TYPE}), and a key
 * type its {@code keyBy} ({@link NumberKeySerializer#TYPE}).
 */
public final class WrittenTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final TypeSerializer<T> serializer;
    private final boolean key;

    public WrittenTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this(type, serializer, false);
    }

    private WrittenTypeInfo(Class<T> type, TypeSerializer<T> serializer, boolean key) {
        this.type = Objects.requireNonNull(type);
        this.serializer = Objects.requireNonNull(serializer);
        this.key = key;
    }

    /** Type information of a key: what {@code keyBy} is given to key a stream by such values. */
    public static <T> WrittenTypeInfo<T> ofKey(Class<T> type, TypeSerializer<T> serializer) {
        return new WrittenTypeInfo<>(type, serializer, true);
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return key;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer.duplicate();
    }

    @Override
    public String toString() {
        return type.getSimpleName() + "<" + serializer.getClass().getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrittenTypeInfo<?> other && other.canEqual(this) && type.equals(other.type)
                && serializer.equals(other.serializer) && key == other.key;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, serializer, key);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof WrittenTypeInfo;
    }
}
