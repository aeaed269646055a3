package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunnerTest {

    @TempDir
    Path dir;

    @Test
    void worldsWithTheirOwnCampaignCountKeepTheirDirectoryNames() {
        assertEquals("world-20000-7d-s1", BenchRunner.worldDirName(20_000, 7, 1, 0));
        assertEquals("world-20000-7d-s1-c40", BenchRunner.worldDirName(20_000, 7, 1, 40));
    }

    @Test
    void worldDescriptionRoundTripsWithItsCampaignSetting() throws Exception {
        WorldInfo w = new WorldInfo(20_000, 7, 1, 341_536, 72, 40, 9_800, dir, 40);
        Path file = dir.resolve(BenchRunner.WORLD_FILE);
        BenchRunner.write(w, file);
        assertEquals(w, BenchRunner.read(file, dir));
    }

    @Test
    void descriptionsFromBeforeTheSettingReadAsTheWorldsOwnCount() throws Exception {
        Path file = dir.resolve(BenchRunner.WORLD_FILE);
        Files.writeString(file, "subscribers=10000\ndays=7\nseed=1\ncdr-rows=170050\ncomplaints=65\ncampaigns=10\n"
                + "campaign-events=1935\n");
        assertEquals(new WorldInfo(10_000, 7, 1, 170_050, 65, 10, 1_935, dir), BenchRunner.read(file, dir));
    }
}
