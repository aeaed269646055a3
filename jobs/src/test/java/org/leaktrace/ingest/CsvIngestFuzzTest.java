package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.DeadLetter;

/**
 * Property test of the CSV ingest without Flink: hundreds of seeded files mixing valid rows with
 * adversarial ones (see {@link AdversarialCsv}) go through the same reader and parsers as the file
 * source. Every good row becomes its record, every bad row exactly one dead letter at its line
 * with its reason, and nothing throws. A failure names its seed.
 */
class CsvIngestFuzzTest {
    private static final int SEEDS = 100;
    private static final int ROWS = 120;

    @Test
    void cdrFilesGiveEveryGoodRowAndADeadLetterPerBadRow() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            AdversarialCsv.Generated file = new AdversarialCsv(seed).cdr(ROWS, seed % 25 == 0);
            check("seed " + seed + " cdr.csv", file, new CdrRowParser("CN"), r -> ((CallRecord) r).getRecordId());
        }
    }

    @Test
    void complaintFilesGiveEveryGoodRowAndADeadLetterPerBadRow() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            AdversarialCsv.Generated file = new AdversarialCsv(seed).complaints(ROWS, seed % 25 == 0);
            check("seed " + seed + " complaints.csv", file, new ComplaintRowParser("CN"),
                    r -> ((Complaint) r).getComplaintId());
        }
    }

    static <T extends SpecificRecordBase> void check(String where, AdversarialCsv.Generated file,
            RowParser<T> parser, java.util.function.Function<Object, String> id) throws Exception {
        List<String> ids = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        try (ColumnMappedRows rows = new ColumnMappedRows("f.csv", parser.columns(),
                new InputStreamReader(new ByteArrayInputStream(file.bytes()), StandardCharsets.UTF_8))) {
            for (CsvRow row = rows.next(); row != null; row = rows.next()) {
                T record = ParseRowsFunction.parseOrDeadLetter(parser, row, dead::add);
                if (record != null) {
                    ids.add(id.apply(record));
                }
            }
        }
        assertDeadLetters(where, file, dead);
        assertEquals(file.goodIds(), ids, where + ": every good row, in order");
    }

    static void assertDeadLetters(String where, AdversarialCsv.Generated file, List<DeadLetter> dead) {
        Map<Long, String> reasons = new TreeMap<>();
        for (DeadLetter d : dead) {
            assertTrue(d.getReason() != null && !d.getReason().isBlank(), where + ": reason at line " + d.getLine());
            assertTrue(!d.getRaw().isEmpty(), where + ": raw text at line " + d.getLine());
            assertEquals(null, reasons.put(d.getLine(), d.getReason()), where + ": one dead letter per line");
        }
        assertEquals(new TreeMap<>(file.badReasonByLine()).keySet(), reasons.keySet(),
                where + ": dead letters at exactly the bad rows' lines");
        file.badReasonByLine().forEach((line, fragment) -> assertTrue(reasons.get(line).contains(fragment),
                where + " line " + line + ": reason '" + reasons.get(line) + "' lacks '" + fragment + "'"));
    }
}
