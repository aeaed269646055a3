package org.leaktrace.ingest;

import org.apache.avro.specific.SpecificRecordBase;

import java.io.Serializable;

/**
 * Turns one well-formed CSV row into a typed record, or says exactly why it cannot.
 *
 * <p>A pure function of the row (no I/O, no state), so each format is tested without Flink and the
 * same parser serves the streaming source and the client-side directory load.
 *
 * @param <T> the Avro record produced
 */
public interface RowParser<T extends SpecificRecordBase> extends Serializable {

    /** The columns this parser reads, in the order {@link CsvRow#fields} must hold them. */
    String[] columns();

    /** The record class, for Flink's type information. */
    Class<T> recordClass();

    /**
     * Parses a row whose {@link CsvRow#error} is null.
     *
     * @throws InvalidRecordException with the dead-letter reason
     */
    T parse(CsvRow row) throws InvalidRecordException;
}
