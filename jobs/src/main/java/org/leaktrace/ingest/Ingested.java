package org.leaktrace.ingest;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.leaktrace.schema.DeadLetter;

/**
 * The two streams one file source yields: the parsed records (without timestamps or watermarks; the
 * pipeline assigns them) and the rows that could not be read.
 */
public record Ingested<T>(DataStream<T> records, DataStream<DeadLetter> deadLetters) {}
