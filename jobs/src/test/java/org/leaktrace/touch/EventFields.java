package org.leaktrace.touch;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;

/** The public fields of the event types, for tests of their serializers. */
public final class EventFields {
    private EventFields() {}

    /** Instance fields, as Flink's POJO analysis sees them. */
    public static List<Field> of(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.add(f);
            }
        }
        return fields;
    }

    /** Field by field, arrays by content. */
    public static boolean equal(Object a, Object b) {
        if (a == null || b == null || a.getClass() != b.getClass()) {
            return a == b;
        }
        try {
            for (Field f : of(a.getClass())) {
                if (!Objects.deepEquals(f.get(a), f.get(b))) {
                    return false;
                }
            }
            return true;
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** {@link #equal} for Flink's serializer tests, which otherwise ask {@code equals}. */
    public static DeeplyEqualsChecker checker(Class<?> type) {
        return new DeeplyEqualsChecker().withCustomCheck(
                (a, b) -> type.isInstance(a) && type.isInstance(b), (a, b, checker) -> equal(a, b));
    }

    /** A value other than the default for each field type the events use. */
    private static final Map<Class<?>, Object> SAMPLES = Map.of(
            byte.class, (byte) 3, boolean.class, true, int.class, 77, long.class, 1_772_327_700_000L,
            String.class, "+8613800000009", String[].class, new String[] {"SCH-047", "+86106900000"},
            long[].class, new long[] {1_772_327_700_000L, 1_772_327_760_000L});

    /**
     * Sets each field alone and passes the event through {@code serializer}: a field the
     * serializer does not write comes back as its default and fails, naming the field.
     */
    public static <T> void assertEveryFieldSurvives(Class<T> type, TypeSerializer<T> serializer) throws Exception {
        for (Field f : of(type)) {
            Object sample = SAMPLES.get(f.getType());
            if (sample == null) {
                throw new AssertionError("no sample value for " + f.getType() + " (field " + f.getName() + ")");
            }
            T event = type.getDeclaredConstructor().newInstance();
            f.set(event, sample);
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(event, out);
            T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            if (!Objects.deepEquals(f.get(event), f.get(back)) || !equal(event, back)) {
                throw new AssertionError(type.getSimpleName() + "." + f.getName() + " did not survive the serializer");
            }
            T copy = serializer.copy(event);
            if (!equal(event, copy) || (f.getType().isArray() && f.get(copy) == f.get(event))) {
                throw new AssertionError(type.getSimpleName() + "." + f.getName() + " was not copied deeply");
            }
        }
    }
}
