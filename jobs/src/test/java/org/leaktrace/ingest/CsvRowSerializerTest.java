package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvRowSerializer} under Flink's serializer test suite, every field of a row written, and
 * the file source's rows given this serializer.
 */
class CsvRowSerializerTest extends SerializerTestBase<CsvRow> {

    @Override
    protected TypeSerializer<CsvRow> createSerializer() {
        return CsvRowSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<CsvRow> getTypeClass() {
        return CsvRow.class;
    }

    @Override
    public CsvRow[] getTestData() {
        CsvRow cdr = CsvRow.of("cdr.csv.gz", 2, "r-1,VOICE,+8613800000001,+8618900000002",
                "r-1", "VOICE", "+8613800000001", "+8618900000002");
        // A column the header lacks is null; an empty cell is the empty string.
        CsvRow missingColumn = CsvRow.of("complaints.csv", 70_000_000_001L, "c-1,,记录 \uD83D\uDCDE",
                "c-1", "", null, "记录 \uD83D\uDCDE");
        CsvRow malformed = CsvRow.malformed("cdr.csv", 3, "\"unterminated", "quote not closed");
        CsvRow noFields = new CsvRow("x.csv", -1, null, null, null);
        return new CsvRow[] {cdr, missingColumn, malformed, noFields, new CsvRow()};
    }

    @Test
    void everyFieldOfARowIsWritten() throws Exception {
        List<String> fields = Arrays.stream(CsvRow.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(Field::getName)
                .toList();
        assertEquals(List.of("file", "line", "raw", "fields", "error"), fields,
                "a field added to CsvRow must be written by CsvRowSerializer, under a new layout");
        CsvRow row = getTestData()[1];
        CsvRow back = roundTrip(row);
        assertEquals(row.file, back.file);
        assertEquals(row.line, back.line);
        assertEquals(row.raw, back.raw);
        assertArrayEquals(row.fields, back.fields);
        assertNull(back.fields[2]);
        assertEquals("", back.fields[1]);
        assertEquals("quote not closed", roundTrip(getTestData()[2]).error);
        assertNull(roundTrip(getTestData()[3]).fields);
    }

    @Test
    void aCorruptFieldCountIsAnError() {
        // file null, line 0, raw null, then a count of 2^40.
        byte[] bytes = {0, 0, 0, (byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x20};
        IOException e = assertThrows(IOException.class,
                () -> CsvRowSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes)));
        assertEquals("bad array length 1099511627777 - 1", e.getMessage());
    }

    @Test
    void theFileSourcesRowsGetThisSerializer() {
        assertSame(CsvRowSerializer.INSTANCE, new CsvRowFormat("cdr.csv", "record_id")
                .getProducedType().createSerializer(new SerializerConfigImpl()));
    }

    private static CsvRow roundTrip(CsvRow row) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        CsvRowSerializer.INSTANCE.serialize(row, out);
        return CsvRowSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
