package org.leaktrace.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.errors.TimeoutException;
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
    private DirectorySnapshot() {}

    /**
     * Reads {@code topic} from the beginning to the end offsets found on arrival.
     *
     * @param consumerProperties connection settings (bootstrap servers, security)
     * @param timeout how long to wait for the whole topic before giving up
     * @throws IllegalStateException if the end is not reached within {@code timeout}, or no broker
     *     answers: the first thing a job does, so the message names the brokers it was given
     */
    public static DirectoryLoad read(
            Properties consumerProperties, String topic, DecodingDeserializer<Organization> decoder, Duration timeout) {
        Map<String, Organization> byNumber = new LinkedHashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        try {
            TopicReader.readToEnd(consumerProperties, topic, timeout, message -> {
                Decoded<Organization> decoded = decoder.decode(message);
                if (decoded.isRecord()) {
                    apply(byNumber, decoded.record);
                } else {
                    deadLetters.add(decoded.deadLetter);
                }
            });
        } catch (TimeoutException e) {
            throw new IllegalStateException("no Kafka broker at " + consumerProperties.getProperty("bootstrap.servers")
                    + " gave the directory topic " + topic + " within " + timeout
                    + " (" + e.getMessage() + "); the brokers are bootstrap.servers in the --config file", e);
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
}
