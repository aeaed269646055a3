package org.leaktrace.job;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Raw-bytes Kafka clients for tests that write messages no serializer would produce. */
final class KafkaBytes {
    private KafkaBytes() {}

    /** A producer of raw keys and values, on the job's client properties. */
    static KafkaProducer<byte[], byte[]> producer(StreamingConfig cfg) {
        Properties props = cfg.kafkaProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1 << 20));
        return new KafkaProducer<>(props);
    }
}
