package org.leaktrace.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.leaktrace.ingest.CdrRowParser;
import org.leaktrace.ingest.ComplaintRowParser;
import org.leaktrace.ingest.OrganizationRowParser;
import org.leaktrace.ingest.RowParser;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.Organization;

/**
 * Writes contract CSV files into the input topics as single-object-encoded Avro, optionally
 * paced.
 *
 * <p>Keys: calls by caller and complaints by reported number (so each number's records stay in
 * order within one partition), organizations by number (the topic is compacted: the latest owner
 * of a number is kept). Unreadable rows are reported with file, line and reason and skipped.
 */
public final class TopicFeeder implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final Pacer pacer;
    private final PrintStream errors;
    private final AtomicLong failedSends = new AtomicLong();

    /** Counts of one file fed. */
    public record Fed(long rows, long sent, long badRows) {}

    /**
     * @param producerProperties connection settings (bootstrap servers, security)
     * @param recordsPerSecond pacing, or 0 for as fast as the broker takes them
     * @param errors where unreadable rows are reported
     */
    public TopicFeeder(Properties producerProperties, double recordsPerSecond, PrintStream errors) {
        Properties props = new Properties();
        props.putAll(producerProperties);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        this.producer = new KafkaProducer<>(props);
        this.pacer = new Pacer(recordsPerSecond);
        this.errors = errors;
    }

    public Fed organizations(Path file, String topic, String region) throws IOException {
        return feed(file, topic, new OrganizationRowParser(region), Organization::getNumber,
                SingleObjectCodec.of(Organization.class));
    }

    public Fed calls(Path file, String topic, String region) throws IOException {
        return feed(file, topic, new CdrRowParser(region), CallRecord::getCaller, SingleObjectCodec.of(CallRecord.class));
    }

    public Fed complaints(Path file, String topic, String region) throws IOException {
        return feed(file, topic, new ComplaintRowParser(region), Complaint::getReportedNumber,
                SingleObjectCodec.of(Complaint.class));
    }

    /** Sends raw bytes as they are (for tests and for replaying dead letters). */
    public void sendRaw(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value),
                this::onCompletion);
    }

    /** Waits until every record sent so far is acknowledged. */
    public void flush() {
        producer.flush();
        if (failedSends.get() > 0) {
            throw new IllegalStateException(failedSends.get() + " records could not be sent (see stderr)");
        }
    }

    private <T extends SpecificRecordBase> Fed feed(
            Path file, String topic, RowParser<T> parser, Function<T, String> key, SingleObjectCodec<T> codec)
            throws IOException {
        AtomicLong sent = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        long rows = CsvRecords.read(file, parser, record -> {
            pacer.await();
            producer.send(new ProducerRecord<>(topic, key.apply(record).getBytes(StandardCharsets.UTF_8),
                    codec.encode(record)), this::onCompletion);
            sent.incrementAndGet();
        }, badRow -> {
            bad.incrementAndGet();
            errors.println("skipped " + badRow);
        });
        flush();
        return new Fed(rows, sent.get(), bad.get());
    }

    private void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
        if (e != null && failedSends.incrementAndGet() <= 10) {
            errors.println("send failed: " + e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    /** Sleeps as needed to keep the average rate at or below the target. */
    static final class Pacer {
        private final double perSecond;
        private long started;
        private long count;

        Pacer(double perSecond) {
            this.perSecond = perSecond;
        }

        void await() {
            if (perSecond <= 0) {
                return;
            }
            if (count == 0) {
                started = System.nanoTime();
            }
            long due = started + (long) (count * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            count++;
        }
    }
}
