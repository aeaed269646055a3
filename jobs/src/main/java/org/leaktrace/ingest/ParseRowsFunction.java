package org.leaktrace.ingest;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.leaktrace.schema.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Parses CSV rows into records, routing every row that cannot be read to {@link DeadLetters#TAG}.
 *
 * <p>Stateless, so it needs no snapshot and any parallelism works. A row is a dead letter when it
 * is malformed CSV, when the parser rejects it, or when the parser fails unexpectedly: one bad row
 * never stops the stream.
 *
 * @param <T> the Avro record produced
 */
public class ParseRowsFunction<T extends SpecificRecordBase> extends ProcessFunction<CsvRow, T>
        implements ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ParseRowsFunction.class);

    private final RowParser<T> parser;

    public ParseRowsFunction(RowParser<T> parser) {
        this.parser = parser;
    }

    @Override
    public void processElement(CsvRow row, Context ctx, Collector<T> out) {
        T record = parseOrDeadLetter(parser, row, dead -> ctx.output(DeadLetters.TAG, dead));
        if (record != null) {
            out.collect(record);
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return RecordTypes.of(parser.recordClass());
    }

    /**
     * Parses one row; on failure hands a dead letter to {@code deadLetters} and returns null.
     * Shared with {@link DirectoryFile} so the client-side load rejects exactly the same rows.
     */
    static <T extends SpecificRecordBase> T parseOrDeadLetter(
            RowParser<T> parser, CsvRow row, Consumer<DeadLetter> deadLetters) {
        if (row.error != null) {
            deadLetters.accept(DeadLetters.of(row, row.error));
            return null;
        }
        try {
            return parser.parse(row);
        } catch (InvalidRecordException e) {
            deadLetters.accept(DeadLetters.of(row, e.reason()));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Parser {} failed on {} line {}",
                    parser.getClass().getSimpleName(),
                    row.file,
                    row.line,
                    e);
            deadLetters.accept(DeadLetters.of(row, "parser failure: " + e));
        }
        return null;
    }
}
