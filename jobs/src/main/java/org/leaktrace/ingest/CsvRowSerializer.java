package org.leaktrace.ingest;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.leaktrace.pipeline.ByteText;
import org.leaktrace.pipeline.Varints;
import org.leaktrace.pipeline.WrittenSerializer;
import org.leaktrace.pipeline.WrittenSnapshot;
import org.leaktrace.pipeline.WrittenTypeInfo;

/**
 * Flink serializer of {@link CsvRow} between a file source and its parse chain, field by field.
 *
 * <p>Every row of a replayed file crosses the network once: the file source runs as one subtask
 * and hands its rows round the parse subtasks. Flink's POJO serializer sets each field by
 * reflection and writes each string char by char: 4-6 % of a replay's samples, on the source's
 * side and the parser's (JFR, BENCHMARKS.md). Layout: file, line (zig-zag varint), raw text, the
 * fields ({@link ByteText#writeAll}: their number plus one, 0 for none, then each), error;
 * strings as {@link ByteText}, which keeps nulls.
 *
 * <p>Rows are never held in state; the layout number guards against that changing unnoticed
 * ({@link WrittenSnapshot}).
 */
public final class CsvRowSerializer extends WrittenSerializer<CsvRow> {
    private static final long serialVersionUID = 1L;
    public static final CsvRowSerializer INSTANCE = new CsvRowSerializer();
    /** The type every stream of CSV rows is given. */
    public static final TypeInformation<CsvRow> TYPE = new WrittenTypeInfo<>(CsvRow.class, INSTANCE);

    /** More fields than this are corrupt input; the JVM's arrays end just above it. */
    private static final int MAX_FIELDS = Integer.MAX_VALUE - 8;

    /** Names the layout. */
    public static final class Snapshot extends WrittenSnapshot<CsvRow> {
        public Snapshot() {
            super(INSTANCE);
        }
    }

    @Override
    public int layout() {
        return 1;
    }

    @Override
    public CsvRow createInstance() {
        return new CsvRow();
    }

    @Override
    public CsvRow copy(CsvRow from) {
        // Strings are immutable; only the array of fields is the row's own.
        return new CsvRow(from.file, from.line, from.raw, from.fields == null ? null : from.fields.clone(), from.error);
    }

    @Override
    public void serialize(CsvRow row, DataOutputView out) throws IOException {
        ByteText.write(out, row.file);
        Varints.writeSigned(out, row.line);
        ByteText.write(out, row.raw);
        ByteText.writeAll(out, row.fields, MAX_FIELDS);
        ByteText.write(out, row.error);
    }

    @Override
    public CsvRow deserialize(DataInputView in) throws IOException {
        CsvRow row = new CsvRow();
        row.file = ByteText.read(in);
        row.line = Varints.readSigned(in);
        row.raw = ByteText.read(in);
        row.fields = ByteText.readAll(in, MAX_FIELDS);
        row.error = ByteText.read(in);
        return row;
    }

    @Override
    public TypeSerializerSnapshot<CsvRow> snapshotConfiguration() {
        return new Snapshot();
    }
}
