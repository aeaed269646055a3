package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EvidenceTableTest {
    @Test
    void aCachedTableReadsAKeyOnceAbsentOrNotAndWritesThrough() throws Exception {
        // The tables of CampaignEvidenceTest count the reads that reach them, as RocksDB's round trips.
        CampaignEvidenceTest.Maps maps = new CampaignEvidenceTest.Maps();
        EvidenceTable<String> backing = maps.table("t");
        backing.put("a", "1");
        EvidenceTable<String> cached = EvidenceTable.cached(backing, 10);

        assertEquals("1", cached.get("a"));
        assertEquals("1", cached.get("a"));
        assertNull(cached.get("missing"));
        assertNull(cached.get("missing"));
        assertEquals(2, maps.gets, "each key read once, an absent one too");

        cached.put("missing", "2");
        cached.remove("a");
        assertEquals("2", maps.all.get("t/missing"), "written through");
        assertNull(maps.all.get("t/a"), "removed through");
        assertEquals("2", cached.get("missing"));
        assertNull(cached.get("a"));
        assertEquals(2, maps.gets, "what was written is read from the cache");
    }

    @Test
    void beyondItsSizeTheKeyUsedLeastRecentlyIsReadAgain() throws Exception {
        CampaignEvidenceTest.Maps maps = new CampaignEvidenceTest.Maps();
        EvidenceTable<String> backing = maps.table("t");
        for (String k : new String[] {"a", "b", "c"}) {
            backing.put(k, k.toUpperCase());
        }
        EvidenceTable<String> cached = EvidenceTable.cached(backing, 2);
        cached.get("a");
        cached.get("b");
        cached.get("a");
        cached.get("c");
        assertEquals(3, maps.gets);
        assertEquals("A", cached.get("a"));
        assertEquals(3, maps.gets, "a was used after b");
        assertEquals("B", cached.get("b"));
        assertEquals(4, maps.gets, "b was dropped");
    }
}
