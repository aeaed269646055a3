package org.leaktrace.ingest;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;
import org.leaktrace.schema.DeadLetter;

/** The side output every ingest operator routes unreadable input to, and how entries are made. */
public final class DeadLetters {

    /** Side output of dead letters, shared by all ingest operators so the sink can union them. */
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private DeadLetters() {}

    /** A dead letter for a file row: source is the file name, line the row's first line. */
    public static DeadLetter of(CsvRow row, String reason) {
        return DeadLetter.newBuilder()
                .setSource(row.file)
                .setLine(row.line)
                .setReason(reason)
                .setRaw(row.raw == null ? "" : row.raw)
                .setRawBytes(null)
                .setPartition(null)
                .setOffset(null)
                .build();
    }
}
