package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leaktrace.launcher.Args;

class ReplayConfigTest {
    /** The replay flags of two input files written in {@code dir}, then {@code more}. */
    private static ReplayConfig replay(Path dir, String... more) throws Exception {
        Path complaints = Files.writeString(dir.resolve("complaints.csv"), "x");
        Path orgs = Files.writeString(dir.resolve("organizations.csv"), "x");
        List<String> argv = new ArrayList<>(List.of("--complaints", complaints.toString(),
                "--organizations", orgs.toString(), "--out", dir.resolve("alerts.jsonl").toString()));
        argv.addAll(List.of(more));
        return ReplayConfig.fromArgs(Args.parse("replay", argv.toArray(String[]::new), ReplayConfig.FLAGS));
    }

    @Test
    void defaultsAreDocumented(@TempDir Path dir) throws Exception {
        ReplayConfig cfg = replay(dir);

        assertEquals(null, cfg.cdr());
        assertEquals("CN", cfg.region());
        assertEquals(ZoneId.of("Asia/Shanghai"), cfg.zone());
        assertEquals(dir.resolve("alerts.dead-letters.jsonl").toString(), cfg.deadLetters());
        assertEquals(Runtime.getRuntime().availableProcessors(), cfg.parallelism());
    }

    @Test
    void usRegionWritesEasternTimes() {
        assertEquals(ZoneId.of("America/New_York"), ReplayConfig.zoneOf("US"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--region|XX|replay: unknown region 'XX'",
        "--region|CHN|replay: unknown region 'CHN'",
        "--complaints-format|fcc|replay: unknown complaints format 'fcc', expected contract or ftc-dnc",
        "--zone|Mars/Olympus|replay: Unknown time-zone ID: Mars/Olympus"})
    void aValueNoRunCouldUseIsAUsageErrorNamingIt(String flag, String value, String message, @TempDir Path dir)
            throws Exception {
        Args.UsageException e = assertThrows(Args.UsageException.class, () -> replay(dir, flag, value));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void aRegionIsTakenInAnyCase(@TempDir Path dir) throws Exception {
        ReplayConfig cfg = replay(dir, "--region", "us");
        assertEquals("US", cfg.region());
        assertEquals(ZoneId.of("America/New_York"), cfg.zone());
        assertTrue(cfg.detection().touch().sourceKinds().toString().contains("+1, libphonenumber types of US"),
                "unlisted businesses told by the region's plan: " + cfg.detection().touch().sourceKinds());
    }

    @Test
    void missingInputFileIsAUsageError(@TempDir Path dir) {
        assertThrows(Args.UsageException.class, () -> ReplayConfig.fromArgs(Args.parse("replay", new String[] {
                "--complaints", dir.resolve("nope.csv").toString(), "--organizations", "x",
                "--out", "o.jsonl"}, ReplayConfig.FLAGS)));
    }
}
