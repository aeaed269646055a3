package org.leaktrace.kafka;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.leaktrace.ingest.InvalidRecordException;
import org.leaktrace.schema.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes single-object-encoded Avro messages of one topic and normalizes them; never throws.
 *
 * <p>A message that is empty, truncated, of an unknown schema fingerprint, garbage, or that holds
 * a number which cannot be normalized becomes a {@link DeadLetter} naming the topic, partition,
 * offset and reason, with the original bytes. A poison message must not fail the job: Flink would
 * restart from the last checkpoint, meet the same message and fail again forever.
 *
 * @param <T> the Avro record type of the topic
 */
public final class DecodingDeserializer<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<Decoded<T>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodingDeserializer.class);

    private final SingleObjectCodec<T> codec;
    private final RecordNormalizer<T> normalizer;

    public DecodingDeserializer(SingleObjectCodec<T> codec, RecordNormalizer<T> normalizer) {
        this.codec = codec;
        this.normalizer = normalizer;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> message, Collector<Decoded<T>> out) {
        out.collect(decode(message));
    }

    /** The record of one message, or its dead letter. */
    public Decoded<T> decode(ConsumerRecord<byte[], byte[]> message) {
        byte[] bytes = message.value();
        try {
            return Decoded.of(normalizer.normalize(codec.decode(bytes)));
        } catch (UndecodableException e) {
            return Decoded.dead(deadLetter(message, e.reason()));
        } catch (InvalidRecordException e) {
            return Decoded.dead(deadLetter(message, e.reason()));
        } catch (RuntimeException e) {
            LOG.warn("Unexpected failure decoding {}-{}@{}", message.topic(), message.partition(), message.offset(), e);
            return Decoded.dead(deadLetter(message, "decoder failure: " + e));
        }
    }

    /** The dead letter of a Kafka message: where it is, why it was rejected, and its bytes. */
    public static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> message, String reason) {
        byte[] bytes = message.value();
        return DeadLetter.newBuilder()
                .setSource(message.topic())
                .setLine(null)
                .setReason(reason)
                .setRaw(PrintableBytes.render(bytes))
                .setRawBytes(bytes == null ? null : java.nio.ByteBuffer.wrap(bytes.clone()))
                .setPartition(message.partition())
                .setOffset(message.offset())
                .build();
    }

    @Override
    public TypeInformation<Decoded<T>> getProducedType() {
        return Decoded.typeInfo(codec.type());
    }
}
