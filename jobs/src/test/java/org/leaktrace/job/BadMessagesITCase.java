package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.kafka.AdversarialMessages;
import org.leaktrace.kafka.EmbeddedKafka;
import org.leaktrace.kafka.SingleObjectCodec;
import org.leaktrace.kafka.TopicReader;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.sink.DeadLetterPseudonyms;

/**
 * Seeded good and adversarial messages (truncated Avro, foreign schema and fingerprint, random
 * bytes, empty, a 200 kB id, year 9999, negative durations, 40-digit numbers, control characters)
 * on the cdr topic of a real broker, through the streaming job: the job ends normally, the
 * dead-letter topic holds exactly the bad messages (partition, offset, reason, and a rendering
 * of the bytes with every number as its pseudonym; the original bytes stay in the input topic)
 * and every good one is read.
 */
class BadMessagesITCase {
    private static final long SEED = 77L;
    private static final int MESSAGES = 600;
    private static final Pattern SEVEN_DIGITS = Pattern.compile("\\d{7}");

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), Map.of());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void deadLetterTopicHoldsExactlyTheBadMessagesAndEveryGoodOneIsRead() throws Exception {
        Properties p = BoundedJobProperties.of(kafka.bootstrapServers());
        // On disk, as in production: the 200 kB ids would pass the JobManager's 5 MB in-memory limit.
        p.setProperty("checkpoint.dir", dir.resolve("checkpoints").toUri().toString());
        StreamingConfig cfg = StreamingConfig.fromProperties(p);
        StreamingJob.createTopics(cfg, 2);

        AdversarialMessages generator = new AdversarialMessages(SEED, true);
        List<AdversarialMessages.Message> sent = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaBytes.producer(cfg)) {
            while (sent.size() < MESSAGES) {
                AdversarialMessages.Message m = generator.next();
                if (m.kind() == AdversarialMessages.Kind.MUTATED) {
                    continue;
                }
                sent.add(m);
                acks.add(producer.send(new ProducerRecord<>(cfg.topics().cdr(), sent.size() % 2, null, m.bytes())));
            }
        }
        Map<String, AdversarialMessages.Message> bad = new TreeMap<>();
        long good = 0;
        for (int i = 0; i < sent.size(); i++) {
            RecordMetadata at = acks.get(i).get();
            if (sent.get(i).good()) {
                good++;
            } else {
                bad.put(at.partition() + "@" + at.offset(), sent.get(i));
            }
        }

        RunSummary run = StreamingJob.run(cfg, ProgressReporter.silent());

        String where = "seed " + SEED;
        assertEquals(good, run.recordsRead(), where + ": every good message read");
        assertEquals(bad.size(), run.deadLetters(), where + ": every bad message dead-lettered");
        Map<String, DeadLetter> dead = new TreeMap<>();
        for (DeadLetter d : TopicReader.readCommitted(cfg.kafkaProperties(), cfg.topics().deadLetters(),
                SingleObjectCodec.of(DeadLetter.class), Duration.ofMinutes(2))) {
            dead.merge(d.getPartition() + "@" + d.getOffset(), d, (a, b) -> a);
        }
        assertEquals(bad.keySet(), dead.keySet(), where + ": dead letters at exactly the bad messages' offsets");
        bad.forEach((at, m) -> {
            DeadLetter d = dead.get(at);
            assertEquals(cfg.topics().cdr(), d.getSource(), where + " " + at);
            assertTrue(d.getReason().contains(m.reasonPrefix()),
                    where + " " + at + " (" + m.kind() + "): reason '" + d.getReason() + "'");
            assertNull(d.getRawBytes(), where + " " + at + ": the original bytes stay in the input topic");
            // A \xNN escape's hex digits are a byte's, not a number's.
            assertFalse(SEVEN_DIGITS.matcher((d.getRaw() + " " + d.getReason())
                            .replaceAll(DeadLetterPseudonyms.PREFIX + "[0-9a-f]{64}", "")
                            .replaceAll("\\\\x[0-9a-f]{2}", " ")).find(),
                    where + " " + at + " (" + m.kind() + "): no number in clear: " + d.getReason() + " / "
                            + d.getRaw());
        });
        System.err.println(where + ": " + good + " good messages read, " + bad.size() + " dead letters; " + run.line());
    }
}
