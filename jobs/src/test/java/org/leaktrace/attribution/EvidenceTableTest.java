package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceTableTest {
    /** A table in a map that counts the reads that reach it, as RocksDB's round trips. */
    private static final class Counted implements EvidenceTable<String> {
        final Map<String, String> map = new HashMap<>();
        int reads;

        @Override
        public String get(String key) {
            reads++;
            return map.get(key);
        }

        @Override
        public void put(String key, String value) {
            map.put(key, value);
        }

        @Override
        public void remove(String key) {
            map.remove(key);
        }
    }

    @Test
    void aCachedTableReadsAKeyOnceAbsentOrNotAndWritesThrough() throws Exception {
        Counted backing = new Counted();
        backing.map.put("a", "1");
        EvidenceTable<String> cached = EvidenceTable.cached(backing, 10);

        assertEquals("1", cached.get("a"));
        assertEquals("1", cached.get("a"));
        assertNull(cached.get("missing"));
        assertNull(cached.get("missing"));
        assertEquals(2, backing.reads, "each key read once, an absent one too");

        cached.put("missing", "2");
        cached.remove("a");
        assertEquals("2", backing.map.get("missing"), "written through");
        assertNull(backing.map.get("a"), "removed through");
        assertEquals("2", cached.get("missing"));
        assertNull(cached.get("a"));
        assertEquals(2, backing.reads, "what was written is read from the cache");
    }

    @Test
    void beyondItsSizeTheKeyUsedLeastRecentlyIsReadAgain() throws Exception {
        Counted backing = new Counted();
        for (String k : new String[] {"a", "b", "c"}) {
            backing.map.put(k, k.toUpperCase());
        }
        EvidenceTable<String> cached = EvidenceTable.cached(backing, 2);
        cached.get("a");
        cached.get("b");
        cached.get("a");
        cached.get("c");
        assertEquals(3, backing.reads);
        assertEquals("A", cached.get("a"));
        assertEquals(3, backing.reads, "a was used after b");
        assertEquals("B", cached.get("b"));
        assertEquals(4, backing.reads, "b was dropped");
    }
}
