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
 * <p>Messages carry no timestamp of their own, so the producer stamps them with the time of
 * writing. The Flink record timestamp is the event time of the alert's evidence, which in a
 * backfill or a replay of last month's exports lies far in the past: a broker applies time-based
 * retention ({@code retention.ms}, 7 days by default, also on {@code compact,delete} topics) to
 * message timestamps, and deleted whole segments of freshly committed alerts on its next
 * retention check.
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
                topic, null, null, k == null ? null : k.getBytes(StandardCharsets.UTF_8), codec.encode(record));
    }
}
