package org.leaktrace.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to one topic as single-object-encoded Avro, keyed by a string of the record.
 *
 * <p>Alerts are keyed by their stable id, so a compacted topic keeps the latest emission of each
 * alert and a consumer can rebuild the current set of alerts from it.
 *
 * @param <T> the Avro record type
 */
public final class KeyedAvroSerializer<T extends SpecificRecordBase> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SingleObjectCodec<T> codec;
    private final SerializableFunction<T, String> key;

    /**
     * @param key the message key of a record, or null for unkeyed messages
     */
    public KeyedAvroSerializer(String topic, SingleObjectCodec<T> codec, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.codec = codec;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        String k = key == null ? null : key.apply(record);
        return new ProducerRecord<>(
                topic, null, timestamp, k == null ? null : k.getBytes(StandardCharsets.UTF_8), codec.encode(record));
    }
}
