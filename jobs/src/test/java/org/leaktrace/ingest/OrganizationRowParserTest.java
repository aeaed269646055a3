package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leaktrace.schema.Organization;

class OrganizationRowParserTest {

    private final OrganizationRowParser parser = new OrganizationRowParser("CN");

    private static RowBuilder row(String number) {
        return RowBuilder.forColumns("organizations.csv", OrganizationRowParser.COLUMNS)
                .set("org_id", "SCH-047")
                .set("name", "Haidian No. 3 Primary School")
                .set("category", "SCHOOL")
                .set("number", number);
    }

    @ParameterizedTest
    @CsvSource({
        "010 8888 1234, +861088881234",
        "4008123456, +864008123456",
        "95588, +8695588",
        "1069012345678, +861069012345678"
    })
    void everyKindOfDirectoryNumber(String number, String normalized) throws Exception {
        assertEquals(
                Organization.newBuilder()
                        .setOrgId("SCH-047")
                        .setName("Haidian No. 3 Primary School")
                        .setCategory("SCHOOL")
                        .setNumber(normalized)
                        .setDeleted(false)
                        .build(),
                parser.parse(row(number).build()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "org_id|''|empty org_id",
                "name|' '|empty name",
                "category|''|empty category",
                "number|''|empty number",
                "number|call us|unparseable number in number: 'call us' (letters in number)"
            })
    void badValue_exactReason(String column, String value, String reason) {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () -> parser.parse(row("95588").set(column, value).build()));
        assertEquals(reason, e.reason());
    }

    @Test
    void missingNumberColumn() {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () -> parser.parse(row("95588").absent("number").build()));
        assertEquals("missing column number", e.reason());
    }
}
