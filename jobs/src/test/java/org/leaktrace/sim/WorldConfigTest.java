package org.leaktrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorldConfigTest {

    @Test
    void defaultsAreTheDemoWorld() {
        WorldConfig d = WorldConfig.defaults();
        assertEquals(1L, d.seed());
        assertEquals(20_000, d.subscribers());
        assertEquals(21, d.days());
        assertEquals(LocalDate.of(2026, 1, 5), d.start());
        assertEquals(ZoneId.of("Asia/Shanghai"), d.zone());
        assertEquals(0, d.brokenRows());
        assertEquals(5, d.disorderMinutes());
        assertEquals(0, d.campaigns(), "the world's own campaign count");
    }

    @Test
    void flagsOverrideDefaults() {
        WorldConfig c = WorldConfig.fromArgs(Map.of("seed", "7", "subscribers", "5000", "days", "3",
                "start", "2026-03-01", "broken-rows", "4", "disorder-minutes", "0", "out", "/ignored"));
        assertEquals(new WorldConfig(7, 5_000, 3, LocalDate.of(2026, 3, 1), ZoneId.of("Asia/Shanghai"), 4, 0), c);
    }

    @Test
    void badFlagsAreRejectedWithAClearMessage() {
        assertThrows(IllegalArgumentException.class, () -> WorldConfig.fromArgs(Map.of("seed", "x")));
        assertThrows(IllegalArgumentException.class, () -> WorldConfig.fromArgs(Map.of("subscribers", "10")));
        assertThrows(IllegalArgumentException.class, () -> WorldConfig.fromArgs(Map.of("start", "2026-13-01")));
        assertThrows(IllegalArgumentException.class, () -> WorldConfig.fromArgs(Map.of("broken-rows", "-1")));
    }
}
