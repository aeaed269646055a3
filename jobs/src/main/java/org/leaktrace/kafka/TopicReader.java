package org.leaktrace.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic of single-object-encoded records from the beginning to its current end, as
 * a downstream consumer of the alert topics would (the demo reads the alerts back with it).
 */
public final class TopicReader {
    private static final Duration POLL = Duration.ofMillis(200);

    private TopicReader() {}

    /**
     * Every committed message of {@code topic} (read_committed: aborted transactions are skipped),
     * decoded, in partition order.
     *
     * @throws UndecodableException naming the offset, for a message that does not decode
     * @throws IllegalStateException if the end is not reached within {@code timeout}
     */
    public static <T extends SpecificRecordBase> List<T> readCommitted(
            Properties clientProperties, String topic, SingleObjectCodec<T> codec, Duration timeout)
            throws UndecodableException {
        List<T> out = new ArrayList<>();
        List<UndecodableException> undecodable = new ArrayList<>();
        readToEnd(clientProperties, topic, timeout, m -> {
            try {
                out.add(codec.decode(m.value()));
            } catch (UndecodableException e) {
                undecodable.add(new UndecodableException(
                        topic + "-" + m.partition() + "@" + m.offset() + ": " + e.reason()));
            }
        });
        if (!undecodable.isEmpty()) {
            throw undecodable.get(0);
        }
        return out;
    }

    /**
     * Hands every committed message of {@code topic}, from the beginning to the end offsets found
     * on arrival, to {@code each}, in partition order; no consumer group, nothing committed.
     *
     * @param clientProperties connection settings (bootstrap servers, security); group and
     *     deserializers are set here
     * @throws IllegalStateException if the end is not reached within {@code timeout}
     */
    public static void readToEnd(Properties clientProperties, String topic, Duration timeout,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " not read to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> m : consumer.poll(POLL)) {
                    each.accept(m);
                }
            }
        }
    }
}
