package org.leaktrace.kafka;

import java.io.Serializable;
import org.leaktrace.ingest.InvalidRecordException;

/**
 * Checks and normalizes a record decoded from Kafka, as the file parsers do for CSV rows.
 *
 * <p>Producers are supposed to write E.164 numbers, but a topic is fed by more than one producer;
 * normalizing again is cheap (the common form takes a fast path) and guarantees that the pipeline
 * compares numbers in one form.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface RecordNormalizer<T> extends Serializable {

    /** Normalizes {@code record} in place and returns it. */
    T normalize(T record) throws InvalidRecordException;
}
