package org.leaktrace.kafka;

import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.avro.specific.SpecificRecordBase;
import org.leaktrace.schema.DeadLetter;

/**
 * What a Kafka source emits: either a decoded record or the dead letter of a message that could
 * not be decoded.
 *
 * <p>Decoding inside the source (rather than after it) lets the per-partition watermark
 * generators see record timestamps; carrying dead letters in the same stream keeps the
 * deserializer from ever failing the job. A Flink POJO whose field types are given explicitly by
 * {@link #typeInfo}, so both fields travel with Avro serializers, not Kryo.
 *
 * @param <T> the Avro record type
 */
public class Decoded<T> {
    /** The record, or null for a dead letter. */
    public T record;

    /** The dead letter, or null for a record. */
    public DeadLetter deadLetter;

    public Decoded() {}

    public static <T> Decoded<T> of(T record) {
        Decoded<T> d = new Decoded<>();
        d.record = record;
        return d;
    }

    public static <T> Decoded<T> dead(DeadLetter deadLetter) {
        Decoded<T> d = new Decoded<>();
        d.deadLetter = deadLetter;
        return d;
    }

    public boolean isRecord() {
        return record != null;
    }

    /** Type information with an Avro serializer for each field. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends SpecificRecordBase> TypeInformation<Decoded<T>> typeInfo(Class<T> type) {
        Map<String, TypeInformation<?>> fields = Map.of(
                "record", new AvroTypeInfo<>(type),
                "deadLetter", new AvroTypeInfo<>(DeadLetter.class));
        return (TypeInformation) Types.POJO(Decoded.class, fields);
    }
}
