package org.leaktrace.ingest;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.leaktrace.schema.CallRecord;

/**
 * The Flink type of each input record class: call records with their own serializer
 * ({@link CallRecordSerializer}), every other Avro record with Flink's Avro serializer.
 *
 * <p>For the code that is generic over its record class (the parse function of the file inputs,
 * the Kafka inputs' split), so that both give call records the serializer that the job's wiring
 * names as {@link CallRecordSerializer#TYPE}.
 */
public final class RecordTypes {
    private RecordTypes() {}

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecordBase> TypeInformation<T> of(Class<T> type) {
        if (type == CallRecord.class) {
            return (TypeInformation<T>) CallRecordSerializer.TYPE;
        }
        return new AvroTypeInfo<>(type);
    }
}
