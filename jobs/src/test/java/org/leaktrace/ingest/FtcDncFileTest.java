package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.DeadLetter;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the real FTC Do Not Call file of 2019-12-16 end to end, without Flink, and checks the dead
 * letters against an independent reading of the file's first column.
 */
class FtcDncFileTest {

    static final Path FILE = Path.of("/work/shared/data/real/ftc-dnc-complaints-2019-12-16.csv");

    static final int ROWS = 20_532;
    static final int BLANK_NUMBERS = 861;

    /**
     * Lines whose number is blank or garbage, judged from the raw text: masked digits ({@code _}),
     * all zeros, under 3 digits, or over 17 digits (longer than any national number libphonenumber
     * accepts). The file has no quoted line breaks and never quotes the number, so the number is
     * the text before the first comma.
     */
    static Set<Long> linesWithBadNumbers() throws IOException {
        Set<Long> lines = new HashSet<>();
        List<String> text = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        for (int i = 1; i < text.size(); i++) {
            String number = text.get(i).substring(0, text.get(i).indexOf(','));
            String digits = number.replaceAll("[^0-9]", "");
            boolean bad =
                    number.isBlank()
                            || number.contains("_")
                            || digits.chars().allMatch(c -> c == '0')
                            || digits.length() < 3
                            || digits.length() > 17;
            if (bad) {
                lines.add(i + 1L);
            }
        }
        return lines;
    }

    @Test
    void everyRowIsAComplaintOrADeadLetterForItsNumber() throws IOException {
        List<Complaint> complaints = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        FtcDncRowParser parser = new FtcDncRowParser();
        try (Reader in = Files.newBufferedReader(FILE, StandardCharsets.UTF_8);
                ColumnMappedRows rows =
                        new ColumnMappedRows(FILE.getFileName().toString(), parser.columns(), in)) {
            for (CsvRow row = rows.next(); row != null; row = rows.next()) {
                Complaint complaint =
                        ParseRowsFunction.parseOrDeadLetter(parser, row, deadLetters::add);
                if (complaint != null) {
                    complaints.add(complaint);
                }
            }
        }

        assertEquals(ROWS, complaints.size() + deadLetters.size());
        assertEquals(
                BLANK_NUMBERS,
                deadLetters.stream()
                        .filter(d -> d.getReason().equals("missing reported number"))
                        .count());
        assertTrue(
                deadLetters.stream()
                        .allMatch(
                                d ->
                                        d.getReason().equals("missing reported number")
                                                || d.getReason()
                                                        .startsWith(
                                                                "unparseable number in"
                                                                    + " Company_Phone_Number: ")));
        Set<Long> deadLines = new HashSet<>();
        deadLetters.forEach(d -> deadLines.add(d.getLine()));
        assertEquals(linesWithBadNumbers(), deadLines);
        // 861 blank, 20 all zeros, 13 masked with '_', 4 too long, 1 single digit.
        assertEquals(899, deadLetters.size());

        for (Complaint complaint : complaints) {
            assertNull(complaint.getReporter());
            assertTrue(complaint.getReportedNumber().startsWith("+"), complaint.toString());
            assertTrue(complaint.getComplaintId().startsWith("ftc-"), complaint.toString());
        }
    }
}
