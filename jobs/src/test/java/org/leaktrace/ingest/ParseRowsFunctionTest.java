package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.Organization;

import java.util.List;
import java.util.stream.Collectors;

class ParseRowsFunctionTest {

    private static CsvRow row(long line, String orgId, String number) {
        return RowBuilder.forColumns("organizations.csv", OrganizationRowParser.COLUMNS)
                .line(line)
                .set("org_id", orgId)
                .set("name", "Sunrise Hotel")
                .set("category", "HOTEL")
                .set("number", number)
                .build();
    }

    private static DeadLetter deadLetter(long line, String reason, String raw) {
        return DeadLetter.newBuilder()
                .setSource("organizations.csv")
                .setLine(line)
                .setReason(reason)
                .setRaw(raw)
                .build();
    }

    @Test
    void goodRowsOutBadRowsToTheSideOutput() throws Exception {
        try (OneInputStreamOperatorTestHarness<CsvRow, Organization> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new ParseRowsFunction<>(new OrganizationRowParser("CN")))) {
            CsvRow good = row(2, "HTL-1", "0755 8888 1234");
            CsvRow badNumber = row(3, "HTL-1", "n/a");
            CsvRow malformed =
                    CsvRow.malformed("organizations.csv", 4, "a,\"b", "unclosed quote in field 2");
            harness.processElement(good, 10L);
            harness.processElement(badNumber, 11L);
            harness.processElement(malformed, 12L);

            assertEquals(
                    List.of(
                            Organization.newBuilder()
                                    .setOrgId("HTL-1")
                                    .setName("Sunrise Hotel")
                                    .setCategory("HOTEL")
                                    .setNumber("+8675588881234")
                                    .setDeleted(false)
                                    .build()),
                    harness.extractOutputValues());
            List<DeadLetter> deadLetters =
                    harness.getSideOutput(DeadLetters.TAG).stream()
                            .map(StreamRecord::getValue)
                            .collect(Collectors.toList());
            assertEquals(
                    List.of(
                            deadLetter(
                                    3,
                                    "unparseable number in number: 'n/a' (letters in number)",
                                    badNumber.raw),
                            deadLetter(4, "unclosed quote in field 2", "a,\"b")),
                    deadLetters);
        }
    }

    @Test
    void aParserBugBecomesADeadLetterNotAFailedJob() throws Exception {
        RowParser<Organization> broken = new FailingParser();
        try (OneInputStreamOperatorTestHarness<CsvRow, Organization> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ParseRowsFunction<>(broken))) {
            harness.processElement(row(2, "HTL-1", "95588"), 0L);
            assertEquals(List.of(), harness.extractOutputValues());
            assertEquals(
                    "parser failure: java.lang.IllegalStateException: boom",
                    harness.getSideOutput(DeadLetters.TAG).peek().getValue().getReason());
        }
    }

    @Test
    void producesAvroTypeInformation() {
        assertEquals(
                Organization.class,
                new ParseRowsFunction<>(new OrganizationRowParser("CN"))
                        .getProducedType()
                        .getTypeClass());
    }

    /** A parser with a bug: it throws an unchecked exception. */
    private static final class FailingParser implements RowParser<Organization> {
        @Override
        public String[] columns() {
            return OrganizationRowParser.COLUMNS;
        }

        @Override
        public Class<Organization> recordClass() {
            return Organization.class;
        }

        @Override
        public Organization parse(CsvRow row) {
            throw new IllegalStateException("boom");
        }
    }
}
