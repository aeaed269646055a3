package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CsvRowTest {

    @Test
    void isAFlinkPojoThatSurvivesSerializationWithNulls() throws Exception {
        TypeInformation<CsvRow> type = TypeInformation.of(CsvRow.class);
        assertInstanceOf(PojoTypeInfo.class, type);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<CsvRow> serializer = type.createSerializer(config);

        CsvRow row = CsvRow.of("cdr.csv", 12, "a,,b", "a", "", null);
        CsvRow broken = CsvRow.malformed("cdr.csv", 13, "\"x", "unclosed quote in field 1");
        for (CsvRow original : new CsvRow[] {row, broken}) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(original, out);
            CsvRow copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertEquals(original, copy);
        }
    }
}
