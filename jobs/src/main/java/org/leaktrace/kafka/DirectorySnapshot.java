package org.leaktrace.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.leaktrace.ingest.DirectoryLoad;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.Organization;

/**
 * Reads the compacted organizations topic to its current end, in the client, before the job
 * starts.
 *
 * <p>Every call must be judged against the full directory from the first record on. The job also
 * reads the topic as a stream of updates, but a stream races the calls; reading the topic to its
 * end offsets first gives the pipeline the directory as it stands at submission, exactly as the
 * replay reads organizations.csv up front. The latest message per number wins and tombstones
 * ({@code deleted=true}) remove the number, as compaction would.
 */
public final class DirectorySnapshot {
    private static final Duration POLL = Duration.ofMillis(500);

    private DirectorySnapshot() {}

    /**
     * Reads {@code topic} from the beginning to the end offsets found on arrival.
     *
     * @param consumerProperties connection settings (bootstrap servers, security); group and
     *     deserializers are set here
     * @param timeout how long to wait for the whole topic before giving up
     * @throws IllegalStateException if the end is not reached within {@code timeout}
     */
    public static DirectoryLoad read(
            Properties consumerProperties, String topic, DecodingDeserializer<Organization> decoder, Duration timeout) {
        Properties props = new Properties();
        props.putAll(consumerProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

        Map<String, Organization> byNumber = new LinkedHashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("organizations topic " + topic
                            + " not read to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> message : consumer.poll(POLL)) {
                    Decoded<Organization> decoded = decoder.decode(message);
                    if (decoded.isRecord()) {
                        apply(byNumber, decoded.record);
                    } else {
                        deadLetters.add(decoded.deadLetter);
                    }
                }
            }
        }
        return new DirectoryLoad(new ArrayList<>(byNumber.values()), deadLetters);
    }

    /** Latest message per number wins; a tombstone removes the number. */
    static void apply(Map<String, Organization> byNumber, Organization org) {
        if (org.getDeleted()) {
            byNumber.remove(org.getNumber());
        } else {
            byNumber.put(org.getNumber(), org);
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
