package org.leaktrace.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldSimulatorTest {

    private static final WorldConfig SMALL = WorldConfig.defaults().withSeed(11).withSize(5_000, 21).withBrokenRows(14);

    @TempDir
    static Path dir;
    static WorldSummary summary;
    static Truth truth;
    static List<String> cdr;

    @BeforeAll
    static void writeWorld() throws IOException {
        summary = WorldSimulator.write(SMALL, dir.resolve("w"));
        truth = WorldSimulator.mapper().readValue(dir.resolve("w/truth.json").toFile(), Truth.class);
        cdr = Files.readAllLines(dir.resolve("w/cdr.csv"));
    }

    /** The contract's reading of one CDR row, or the reason it is unreadable. */
    record Row(String caller, String callee, Instant time, boolean sms, int duration, boolean answered, String imei) {
    }

    static Object read(String line) {
        List<String> f = Csv.split(line);
        if (f.size() != 9) {
            return "column count";
        }
        if (!f.get(1).equals("VOICE") && !f.get(1).equals("SMS")) {
            return "type";
        }
        String caller;
        String callee;
        try {
            caller = NumberPlanTest.normalize(f.get(2));
            callee = NumberPlanTest.normalize(f.get(3));
        } catch (Exception e) {
            return "number";
        }
        Instant t;
        try {
            OffsetDateTime odt = OffsetDateTime.parse(f.get(4));
            if (!f.get(4).endsWith("+08:00")) {
                return "offset";
            }
            t = odt.toInstant();
        } catch (Exception e) {
            return "timestamp";
        }
        int duration;
        try {
            duration = Integer.parseInt(f.get(5));
        } catch (NumberFormatException e) {
            return "duration";
        }
        if (duration < 0 || !(f.get(6).equals("true") || f.get(6).equals("false"))) {
            return "duration/answered";
        }
        return new Row(caller, callee, t, f.get(1).equals("SMS"), duration, f.get(6).equals("true"), f.get(7));
    }

    @Test
    void headersAreTheContracts() throws IOException {
        assertEquals(CdrWriter.HEADER, cdr.get(0));
        assertEquals("complaint_id,reporter,reported_number,reported_at,category,text",
                Files.readAllLines(dir.resolve("w/complaints.csv")).get(0));
        assertEquals("org_id,name,category,number", Files.readAllLines(dir.resolve("w/organizations.csv")).get(0));
    }

    @Test
    void everyRowParsesExceptTheBrokenOnesAtTheirRecordedLines() {
        Set<Long> unreadable = new TreeSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 1; i < cdr.size(); i++) {
            Object r = read(cdr.get(i));
            if (!(r instanceof Row)) {
                unreadable.add((long) i + 1);
            } else {
                Row row = (Row) r;
                assertTrue(!row.sms() || row.duration() == 0, cdr.get(i));
                assertTrue(row.answered() || row.duration() == 0, cdr.get(i));
            }
            assertTrue(ids.add(Csv.split(cdr.get(i)).get(0)), "duplicate record id at line " + (i + 1));
        }
        assertEquals(14, truth.brokenRowLines().size());
        assertEquals(new TreeSet<>(truth.brokenRowLines()), unreadable);
        Set<String> kinds = new HashSet<>();
        truth.brokenRows().forEach(b -> kinds.add(b.kind()));
        assertEquals(6, kinds.size());
        assertEquals(summary.cdrRows() + 14 + 1, cdr.size());
    }

    @Test
    void numbersComeInMixedFormats() {
        int plus = 0;
        int doubleZero = 0;
        int bare86 = 0;
        int national = 0;
        for (int i = 1; i < cdr.size(); i++) {
            String caller = Csv.split(cdr.get(i)).get(2);
            if (caller.startsWith("+86")) {
                plus++;
            } else if (caller.startsWith("0086")) {
                doubleZero++;
            } else if (caller.startsWith("86") && caller.length() >= 12) {
                bare86++;
            } else {
                national++;
            }
        }
        int n = cdr.size();
        assertTrue(plus > n / 10 && doubleZero > n / 50 && bare86 > n / 50 && national > n / 5,
                plus + " " + doubleZero + " " + bare86 + " " + national);
        assertTrue(cdr.stream().anyMatch(l -> l.contains(",SMS,1069")), "106 gateway codes exported as is");
    }

    @Test
    void disorderStaysWithinTheSetting() {
        Instant max = Instant.MIN;
        long worst = 0;
        for (int i = 1; i < cdr.size(); i++) {
            Object r = read(cdr.get(i));
            if (r instanceof Row) {
                Instant t = ((Row) r).time();
                if (t.isBefore(max)) {
                    worst = Math.max(worst, max.getEpochSecond() - t.getEpochSecond());
                }
                if (t.isAfter(max)) {
                    max = t;
                }
            }
        }
        assertTrue(worst <= 5 * 60, "disorder " + worst + " s");
        assertTrue(worst > 60, "rows should be somewhat out of order, worst " + worst + " s");
    }

    @Test
    void campaignsAreInTheCdrsAndCallTheirListsCustomers() {
        Map<String, List<Row>> byCaller = new HashMap<>();
        Map<String, Instant> firstOrgContact = new HashMap<>();
        Map<String, String> orgByNumber = new HashMap<>();
        truth.organizations().forEach(o -> o.numbers().forEach(n -> orgByNumber.put(n, o.orgId())));
        for (int i = 1; i < cdr.size(); i++) {
            Object r = read(cdr.get(i));
            if (!(r instanceof Row)) {
                continue;
            }
            Row row = (Row) r;
            byCaller.computeIfAbsent(row.caller(), k -> new ArrayList<>()).add(row);
            String org = orgByNumber.get(row.caller());
            String customer = row.callee();
            if (org == null) {
                org = orgByNumber.get(row.callee());
                customer = row.caller();
            }
            if (org != null) {
                firstOrgContact.merge(org + "|" + customer, row.time(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Map<String, Truth.LeakTruth> leaks = new HashMap<>();
        truth.leaks().forEach(l -> leaks.put(l.leakId(), l));
        int active = 0;
        for (Truth.CampaignTruth c : truth.campaigns()) {
            int rows = 0;
            Set<String> victims = new HashSet<>();
            for (String caller : c.callers()) {
                for (Row row : byCaller.getOrDefault(caller, List.of())) {
                    rows++;
                    victims.add(row.callee());
                }
            }
            assertEquals(c.eventTimes().size(), rows, c.campaignId());
            assertEquals(c.calls() + c.texts(), rows);
            if (rows == 0) {
                continue;
            }
            active++;
            assertTrue(c.callers().stream().allMatch(byCaller::containsKey), "every caller used: " + c.campaignId());
            int touchedBeforeLeak = 0;
            for (String victim : victims) {
                for (String leakId : c.leakIds()) {
                    Truth.LeakTruth leak = leaks.get(leakId);
                    Instant first = firstOrgContact.get(leak.sourceOrgId() + "|" + victim);
                    if (first != null && first.isBefore(OffsetDateTime.parse(leak.leakTime()).toInstant())) {
                        touchedBeforeLeak++;
                        break;
                    }
                }
            }
            double share = touchedBeforeLeak / (double) victims.size();
            assertTrue(share >= (1 - c.paddingFraction()) * 0.9 - 0.05,
                    c.campaignId() + " only " + share + " of victims touched the source before the leak");
        }
        assertTrue(active >= 3, "active campaigns " + active);
    }

    @Test
    void truthDescribesTheWorld() {
        assertEquals(summary.leaks(), truth.leaks().size());
        assertTrue(truth.leaks().size() >= 3);
        assertTrue(truth.campaigns().size() > truth.leaks().size());
        Set<String> kinds = new HashSet<>();
        truth.lookalikes().forEach(l -> kinds.add(l.kind()));
        assertEquals(Set.of("COURIER_DRIVER", "CALL_CENTRE", "RANDOM_DIALER"), kinds);
        Set<String> categories = new HashSet<>();
        truth.organizations().forEach(o -> categories.add(o.category()));
        assertEquals(8, categories.size());
        assertTrue(truth.organizations().stream().anyMatch(o -> !o.registered()));
        for (Truth.LeakTruth l : truth.leaks()) {
            Truth.Org source = truth.organizations().stream().filter(o -> o.orgId().equals(l.sourceOrgId()))
                    .findFirst().orElseThrow();
            if (source.registered()) {
                assertNull(l.sourceNumber());
            } else {
                assertEquals(source.numbers().get(0), l.sourceNumber());
            }
            assertTrue(l.listSize() > 0 && l.listSize() <= source.customerCount());
        }
        Set<String> callers = new HashSet<>();
        truth.campaigns().forEach(c -> c.callers().forEach(n -> assertTrue(callers.add(n), "shared caller " + n)));
        truth.lookalikes().forEach(l -> assertFalse(callers.contains(l.number())));
    }

    @Test
    void directoryListsOnlyRegisteredNumbers() throws Exception {
        List<String> rows = Files.readAllLines(dir.resolve("w/organizations.csv"));
        Map<String, Truth.Org> byId = new HashMap<>();
        truth.organizations().forEach(o -> byId.put(o.orgId(), o));
        int expected = truth.organizations().stream().filter(Truth.Org::registered).mapToInt(o -> o.numbers().size()).sum();
        assertEquals(expected, rows.size() - 1);
        for (String line : rows.subList(1, rows.size())) {
            List<String> f = Csv.split(line);
            assertEquals(4, f.size(), line);
            Truth.Org org = byId.get(f.get(0));
            assertTrue(org.registered());
            assertEquals(org.name(), f.get(1));
            assertTrue(org.numbers().contains(NumberPlanTest.normalize(f.get(3))), line);
        }
    }

    @Test
    void complaintsParseAndPointAtRealCallers() throws Exception {
        List<String> rows = Files.readAllLines(dir.resolve("w/complaints.csv"));
        assertTrue(rows.size() > 10);
        Set<String> campaignCallers = new HashSet<>();
        truth.campaigns().forEach(c -> campaignCallers.addAll(c.callers()));
        int aboutCampaigns = 0;
        for (String line : rows.subList(1, rows.size())) {
            List<String> f = Csv.split(line);
            assertEquals(6, f.size(), line);
            NumberPlanTest.normalize(f.get(1));
            String reported = NumberPlanTest.normalize(f.get(2));
            OffsetDateTime.parse(f.get(3));
            assertTrue(Set.of("FRAUD", "SPAM_MARKETING", "HARASSMENT", "OTHER").contains(f.get(4)));
            aboutCampaigns += campaignCallers.contains(reported) ? 1 : 0;
        }
        assertEquals(truth.campaigns().stream().mapToInt(Truth.CampaignTruth::complaints).sum(), aboutCampaigns);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherWorld() throws IOException {
        WorldConfig cfg = WorldConfig.defaults().withSeed(5).withSize(5_000, 4).withBrokenRows(3);
        WorldSimulator.write(cfg, dir.resolve("a"));
        WorldSimulator.write(cfg, dir.resolve("b"));
        WorldSimulator.write(cfg.withSeed(6), dir.resolve("c"));
        for (String f : List.of(WorldSimulator.CDR, WorldSimulator.COMPLAINTS, WorldSimulator.ORGANIZATIONS,
                WorldSimulator.TRUTH)) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
        }
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a/cdr.csv")),
                Files.readAllBytes(dir.resolve("c/cdr.csv"))));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a/truth.json")),
                Files.readAllBytes(dir.resolve("c/truth.json"))));
    }
}
