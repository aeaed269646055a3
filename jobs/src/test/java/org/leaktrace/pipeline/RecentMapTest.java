package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentMapTest {
    @Test
    void keepsAtMostItsEntriesDroppingTheOneUsedLeastRecently() {
        RecentMap<String, Integer> map = new RecentMap<>(2);
        map.put("a", 1);
        map.put("b", 2);
        assertEquals(1, map.get("a"), "a read: b is now the least recent");
        map.put("c", 3);
        assertEquals(List.of("a", "c"), List.copyOf(map.keySet()));
        map.put("a", 4);
        map.put("d", 5);
        assertEquals(List.of("a", "d"), List.copyOf(map.keySet()), "a written: c was the least recent");
    }

    @Test
    void aMapKeepsAtLeastOneEntry() {
        assertThrows(IllegalArgumentException.class, () -> new RecentMap<>(0));
    }
}
