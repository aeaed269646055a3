package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.ingest.ComplaintFormat;
import org.leaktrace.pipeline.DetectionConfig;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;
import org.leaktrace.sim.WorldSummary;
import org.leaktrace.sink.DeadLetterPseudonyms;

/**
 * A simulated world with broken rows, replayed from a gzip file through the whole pipeline on a
 * MiniCluster: what an operator relies on when replaying an export.
 */
class ReplayITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("\\+\\d{6,20}");
    /** Seven digits or more not glued to a word (record ids such as CDR0000002226 are). */
    private static final Pattern SUBSCRIBER_DIGITS = Pattern.compile("(?<![A-Za-z\\d])\\+?\\d{7,}");
    private static final int BROKEN_ROWS = 9;

    @TempDir
    static Path dir;

    static WorldSummary world;
    static RunSummary run;
    static Path alerts;
    static Path deadLetters;

    @BeforeAll
    static void replayASimulatedWorld() throws Exception {
        Path worldDir = dir.resolve("world");
        world = WorldSimulator.write(
                WorldConfig.defaults().withSeed(11).withSize(5_000, 14).withBrokenRows(BROKEN_ROWS), worldDir);
        Path gz = worldDir.resolve("cdr.csv.gz");
        try (InputStream in = Files.newInputStream(worldDir.resolve(WorldSimulator.CDR));
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            in.transferTo(out);
        }
        alerts = dir.resolve("alerts.jsonl");
        deadLetters = dir.resolve("alerts.dead-letters.jsonl");
        ReplayConfig cfg = new ReplayConfig(
                gz.toString(),
                worldDir.resolve(WorldSimulator.COMPLAINTS).toString(),
                ComplaintFormat.CONTRACT,
                worldDir.resolve(WorldSimulator.ORGANIZATIONS).toString(),
                alerts.toString(),
                deadLetters.toString(),
                "CN",
                ReplayConfig.zoneOf("CN"),
                2,
                PseudonymKeySource.from(null),
                DetectionConfig.defaults());
        run = ReplayJob.run(cfg, ProgressReporter.silent());
    }

    @Test
    void everyRowIsReadOrDeadLettered() {
        assertEquals(world.cdrRows() + world.complaints(), run.recordsRead());
        assertEquals(BROKEN_ROWS, run.deadLetters());
    }

    @Test
    void deadLettersAreExactlyTheBrokenRowsWithLineAndReason() throws Exception {
        JsonNode truth = JSON.readTree(dir.resolve("world").resolve(WorldSimulator.TRUTH).toFile());
        Set<Long> expected = new TreeSet<>();
        truth.get("broken_row_lines").forEach(n -> expected.add(n.asLong()));

        Set<Long> actual = new TreeSet<>();
        int pseudonyms = 0;
        for (String line : Files.readAllLines(deadLetters)) {
            JsonNode d = JSON.readTree(line);
            assertEquals("cdr.csv.gz", d.get("source").asText());
            assertFalse(d.get("reason").asText().isBlank());
            assertFalse(d.get("raw").asText().isEmpty());
            actual.add(d.get("line").asLong());
            Matcher clear = SUBSCRIBER_DIGITS.matcher((d.get("raw").asText() + "'" + d.get("reason").asText())
                    .replaceAll(DeadLetterPseudonyms.PREFIX + "[0-9a-f]{64}", ""));
            assertFalse(clear.find(), "a number in clear in a dead letter: " + line);
            pseudonyms += d.get("raw").asText().split(DeadLetterPseudonyms.PREFIX, -1).length - 1;
        }
        assertEquals(expected, actual);
        assertTrue(pseudonyms >= BROKEN_ROWS, "the rows' numbers are there, as pseudonyms: " + pseudonyms);
    }

    @Test
    void alertsFollowTheContract() throws Exception {
        List<String> lines = Files.readAllLines(alerts);
        assertEquals(run.alertsWritten(), lines.size());
        assertTrue(run.suspicionLines() > 0, "a world with leaks yields suspicions");
        for (String line : lines) {
            JsonNode a = JSON.readTree(line);
            String kind = a.get("kind").asText();
            if (kind.equals("leak_suspicion")) {
                for (String f : List.of("suspicion_id", "source_org_id", "source_name", "source_category",
                        "source_number", "campaign_id", "callers", "victims", "expected", "lift", "log10_p",
                        "event_time", "estimated_leak_time")) {
                    assertTrue(a.has(f), "suspicion lacks " + f + ": " + line);
                }
                assertTrue(a.get("source_org_id").isNull() != a.get("source_number").isNull(),
                        "exactly one of source_org_id and source_number: " + line);
                assertTrue(a.get("event_time").asText().endsWith("+08:00"), line);
            } else {
                assertEquals("caller_alert", kind);
                for (String f : List.of("caller", "campaign_id", "score", "reasons", "event_time")) {
                    assertTrue(a.has(f), "caller alert lacks " + f + ": " + line);
                }
            }
        }
    }

    @Test
    void noVictimNumberAppearsInClear() throws Exception {
        Set<String> allowed = new HashSet<>();
        List<String> lines = Files.readAllLines(alerts);
        for (String line : lines) {
            JsonNode a = JSON.readTree(line);
            if (a.has("callers")) {
                a.get("callers").forEach(c -> allowed.add(c.asText()));
            }
            if (a.hasNonNull("caller")) {
                allowed.add(a.get("caller").asText());
            }
            if (a.hasNonNull("source_number")) {
                allowed.add(a.get("source_number").asText());
            }
        }
        List<String> leaked = new ArrayList<>();
        for (String line : lines) {
            Matcher m = NUMBER.matcher(line);
            while (m.find()) {
                if (!allowed.contains(m.group())) {
                    leaked.add(m.group());
                }
            }
        }
        assertEquals(List.of(), leaked, "numbers in clear that are neither callers nor sources");
    }
}
