package org.leaktrace.pipeline;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The key type of every stage keyed by a phone number or an IMEI: a string, serialized by {@link
 * NumberKeySerializer}.
 *
 * <p>Given to {@code keyBy} in place of {@code Types.STRING}: the key selector and the strings are
 * the same, only a checkpoint's copy of each key is shorter.
 */
public final class NumberKeyTypeInfo extends TypeInformation<String> {
    private static final long serialVersionUID = 1L;

    public static final NumberKeyTypeInfo INSTANCE = new NumberKeyTypeInfo();

    private NumberKeyTypeInfo() {}

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
    public Class<String> getTypeClass() {
        return String.class;
    }

    @Override
    public boolean isKeyType() {
        return true;
    }

    @Override
    public TypeSerializer<String> createSerializer(SerializerConfig config) {
        return NumberKeySerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "String<NumberKeySerializer>";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumberKeyTypeInfo;
    }

    @Override
    public int hashCode() {
        return NumberKeyTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof NumberKeyTypeInfo;
    }

    /** Keeps the one instance when the type is deserialized with the job graph. */
    private Object readResolve() {
        return INSTANCE;
    }
}
