package org.leaktrace.kafka;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro single-object encoding of one record type: the wire format of every LeakTrace topic.
 *
 * <p>Each message is {@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the writer's schema,
 * then the binary body. The fingerprint lets a consumer tell schema versions apart without a
 * schema registry: the decoder knows the current (reader) schema of its class and any older or
 * newer writer schemas it was given, and resolves each message from its writer schema to the
 * reader schema by Avro's resolution rules (added fields with defaults are filled in, removed
 * ones skipped).
 *
 * <p>How consumers learn a new writer schema: a producer that adds a field (with a default)
 * publishes its new {@code .avsc}; consumers list that file under {@code schemas.writer-files} in
 * their configuration (see {@code StreamingConfig}), which hands it to {@link
 * #withWriterSchemas}. Until then, messages with the new fingerprint become dead letters with
 * reason {@code unknown schema fingerprint}, never a failed job. The reverse needs nothing: a
 * consumer built with the newer schema registers the current one here as a writer schema.
 *
 * <p>Serializable so that Flink functions can carry it; the Avro encoder and decoder, which are
 * not, are built lazily on first use in each task.
 *
 * @param <T> the generated Avro class
 */
public final class SingleObjectCodec<T extends SpecificRecordBase> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    /** Extra writer schemas as JSON: {@link Schema} is serializable, but its JSON is the stable form. */
    private final List<String> writerSchemas;

    private transient BinaryMessageEncoder<T> encoder;
    private transient Map<Long, SpecificDatumReader<T>> readers;

    /** The single-object marker, then an 8-byte little-endian fingerprint. */
    private static final byte[] MARKER = {(byte) 0xC3, 0x01};
    private static final int HEADER_LENGTH = 10;

    private SingleObjectCodec(Class<T> type, List<String> writerSchemas) {
        this.type = Objects.requireNonNull(type, "type");
        this.writerSchemas = List.copyOf(writerSchemas);
    }

    /** A codec that reads and writes {@code type}'s current schema only. */
    public static <T extends SpecificRecordBase> SingleObjectCodec<T> of(Class<T> type) {
        return new SingleObjectCodec<>(type, List.of());
    }

    /**
     * The same codec, also decoding messages written with {@code schemas} (other versions of this
     * record; schemas of other records are ignored by resolution and only waste a lookup).
     */
    public SingleObjectCodec<T> withWriterSchemas(List<Schema> schemas) {
        List<String> all = new ArrayList<>(writerSchemas);
        for (Schema s : schemas) {
            all.add(s.toString());
        }
        return new SingleObjectCodec<>(type, all);
    }

    public Class<T> type() {
        return type;
    }

    /** The reader (current) schema. */
    public Schema schema() {
        return model().getSchema(type);
    }

    /** Encodes one record. */
    public byte[] encode(T record) {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(model(), schema());
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /**
     * Decodes one message.
     *
     * <p>The header and fingerprint are read here rather than by Avro's {@code
     * BinaryMessageDecoder}, so the body can be read through a {@link BoundedDecoder}: a corrupt
     * length prefix then rejects the message instead of allocating gigabytes for it.
     *
     * @throws UndecodableException with a reason fit for a dead letter; never any other exception
     *     for bad bytes
     */
    public T decode(byte[] message) throws UndecodableException {
        if (message == null || message.length == 0) {
            throw new UndecodableException("empty message");
        }
        if (message.length < HEADER_LENGTH) {
            throw new UndecodableException("not Avro single-object encoded: " + message.length
                    + " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
        }
        if (message[0] != MARKER[0] || message[1] != MARKER[1]) {
            throw new UndecodableException(String.format(
                    "not Avro single-object encoded: starts %02x %02x, not c3 01", message[0], message[1]));
        }
        long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SpecificDatumReader<T> reader = readers().get(fingerprint);
        if (reader == null) {
            throw new UndecodableException("unknown schema fingerprint (not a " + type.getSimpleName()
                    + " schema this consumer knows): " + Long.toHexString(fingerprint));
        }
        try {
            return reader.read(null, new BoundedDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH));
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new UndecodableException("truncated or corrupt " + type.getSimpleName() + " body: " + e);
        }
    }

    /** A reader from each known writer schema (by fingerprint) to the current schema. */
    private Map<Long, SpecificDatumReader<T>> readers() {
        if (readers == null) {
            Map<Long, SpecificDatumReader<T>> byFingerprint = new HashMap<>();
            Schema reader = schema();
            List<Schema> writers = new ArrayList<>();
            writers.add(reader);
            for (String json : writerSchemas) {
                writers.add(new Schema.Parser().parse(json));
            }
            for (Schema writer : writers) {
                byFingerprint.putIfAbsent(SchemaNormalization.parsingFingerprint64(writer),
                        new SpecificDatumReader<>(writer, reader, model()));
            }
            readers = byFingerprint;
        }
        return readers;
    }

    private SpecificData model() {
        return SpecificData.getForClass(type);
    }
}
