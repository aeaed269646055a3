package org.leaktrace.pipeline;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * The POJO form Flink gave a record type before it had a serializer of its own.
 *
 * <p>Built as Flink's type extraction builds it, from the public instance fields, so that state
 * written in that form can be checked and read ({@link WrittenSnapshot}), and tests and benchmarks
 * can write it.
 */
public final class PojoForm {
    private PojoForm() {}

    /** The POJO type information of {@code type}, whatever {@code @TypeInfo} it now carries. */
    public static <T> PojoTypeInfo<T> typeInfo(Class<T> type) {
        List<PojoField> fields = new ArrayList<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.add(new PojoField(f, TypeInformation.of(f.getType())));
            }
        }
        return new PojoTypeInfo<>(type, fields);
    }

    /** Its serializer. */
    @SuppressWarnings("unchecked")
    public static <T> TypeSerializer<T> serializer(Class<?> type) {
        return (TypeSerializer<T>) typeInfo(type).createSerializer(new SerializerConfigImpl());
    }
}
