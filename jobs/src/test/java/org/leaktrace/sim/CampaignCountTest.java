package org.leaktrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The campaign-count setting: followed exactly when set, and no change at all when not. */
class CampaignCountTest {

    /** A world small enough to simulate in a second, long enough for campaigns to call. */
    private static final WorldConfig SMALL = WorldConfig.defaults().withSeed(1).withSize(2_000, 8);

    /**
     * SHA-256 of the files of {@link #SMALL} as written by the simulator before the setting
     * existed (commit 5988b51): the automatic count must keep every world byte-identical.
     */
    private static final List<String[]> SMALL_BEFORE = List.of(
            new String[] {WorldSimulator.CDR, "d71ee3b3eb1d8508f599476b5b1da9fe5b306cec526e4ba14428e25e8fd04a9c"},
            new String[] {WorldSimulator.COMPLAINTS, "edc834cde53d1617d5a3dd6df8a59aa086805790b2f362448e578951a9297698"},
            new String[] {WorldSimulator.ORGANIZATIONS, "f863043e30b9ba95bd10ab8e0fc4a4e294d4dbe30d54c23687988943eae0a00c"},
            new String[] {WorldSimulator.TRUTH, "211acf158cd99ae985fcb5f5986829678028d54f0c022cff8dfc030ad8a9f5ca"});

    @TempDir
    Path dir;

    @Test
    void defaultIsTheWorldsOwnCount() {
        assertEquals(WorldConfig.AUTOMATIC_CAMPAIGNS, WorldConfig.defaults().campaigns());
        assertFalse(WorldConfig.defaults().campaignsSet());
    }

    @Test
    void automaticCountLeavesTheWorldAsItWas() throws IOException {
        Path w = dir.resolve("auto");
        WorldSummary s = WorldSimulator.write(SMALL, w);
        for (String[] file : SMALL_BEFORE) {
            assertEquals(file[1], sha256(w.resolve(file[0])), file[0]);
        }
        JsonNode config = WorldSimulator.mapper().readTree(w.resolve(WorldSimulator.TRUTH).toFile()).get("config");
        assertFalse(config.has("campaigns"), "no campaign setting recorded for an automatic world: " + config);
        Truth truth = read(w);
        assertNull(truth.config().campaigns());
        assertEquals(s.campaigns(), truth.campaigns().size());
    }

    @Test
    void truthHasExactlyTheCampaignsAsked() throws IOException {
        for (int n : new int[] {1, 4, 25}) {
            Path w = dir.resolve("c" + n);
            WorldSummary s = WorldSimulator.write(SMALL.withCampaigns(n), w);
            Truth truth = read(w);
            assertEquals(n, truth.campaigns().size(), "campaigns in truth.json");
            assertEquals(n, s.campaigns());
            assertEquals(n, truth.config().campaigns());
            assertEquals(World.leaksForCampaigns(n), truth.leaks().size(), "one leak per two campaigns");
            Set<String> leakIds = new HashSet<>();
            truth.leaks().forEach(l -> leakIds.add(l.leakId()));
            Set<String> bought = new HashSet<>();
            for (Truth.CampaignTruth c : truth.campaigns()) {
                assertTrue(c.leakIds().size() == 1 || c.leakIds().size() == 2, c.campaignId());
                assertTrue(leakIds.containsAll(c.leakIds()), c.campaignId() + " buys a leak of this world");
                assertTrue(c.listTargets() > 0 && c.targets() >= c.listTargets(), c.campaignId() + " calls its list");
                bought.addAll(c.leakIds());
            }
            assertEquals(leakIds, bought, "every leak is sold");
        }
    }

    @Test
    void moreCampaignsMoreCampaignTrafficSameEverydayTraffic() throws IOException {
        WorldSummary few = WorldSimulator.write(SMALL.withCampaigns(4), dir.resolve("few"));
        WorldSummary many = WorldSimulator.write(SMALL.withCampaigns(16), dir.resolve("many"));
        assertTrue(many.campaignEvents() > few.campaignEvents(),
                few.campaignEvents() + " -> " + many.campaignEvents());
        assertTrue(many.cdrRows() > few.cdrRows());
        assertEquals(Files.readString(dir.resolve("few").resolve(WorldSimulator.ORGANIZATIONS)),
                Files.readString(dir.resolve("many").resolve(WorldSimulator.ORGANIZATIONS)),
                "organizations do not depend on campaigns");
    }

    @Test
    void countIsAFlagAndBounded() {
        assertEquals(40, WorldConfig.fromArgs(Map.of("campaigns", "40")).campaigns());
        assertEquals(40, WorldConfig.defaults().withCampaigns(40).campaigns());
        for (String bad : new String[] {"-1", "1001", "many"}) {
            assertThrows(IllegalArgumentException.class, () -> WorldConfig.fromArgs(Map.of("campaigns", bad)), bad);
        }
    }

    private static Truth read(Path world) throws IOException {
        return WorldSimulator.mapper().readValue(world.resolve(WorldSimulator.TRUTH).toFile(), Truth.class);
    }

    /** SHA-256 of a file, line ends normalized (Jackson's pretty printer writes the platform's). */
    private static String sha256(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
