package org.leaktrace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.leaktrace.pipeline.WrittenTypeInfo;

class CampaignLinkerTest {
    private static final long T0 = Instant.parse("2026-03-01T09:15:00+08:00").toEpochMilli();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private InMemoryCampaignStore store;
    private CampaignLinker linker;

    @BeforeEach
    void setUp() {
        store = new InMemoryCampaignStore();
        linker = new CampaignLinker(store, LinkingRules.defaults());
    }

    private static String caller(int i) {
        return String.format("+861700000%04d", i);
    }

    private static String victim(int i) {
        return String.format("+861380000%04d", i);
    }

    private Set<String> campaignsOf(int fromCaller, int toCaller) {
        Set<String> ids = new HashSet<>();
        for (int c = fromCaller; c < toCaller; c++) {
            ids.add(linker.campaignOf(caller(c)));
        }
        return ids;
    }

    @Test
    void campaignsAreLinkedBySourceUnlessOneIsASimBox() {
        linker.observeContact(caller(0), victim(0), null, null, T0);
        linker.observeContact(caller(1), victim(1), "IMEI-PHONE", null, T0 + MINUTE);
        linker.observeContact(caller(2), victim(2), "IMEI-BOX", null, T0 + 2 * MINUTE);
        linker.observeContact(caller(3), victim(3), "IMEI-BOX", null, T0 + 3 * MINUTE);
        String none = linker.campaignOf(caller(0));
        String phone = linker.campaignOf(caller(1));
        String box = linker.campaignOf(caller(2));
        assertTrue(linker.deviceGroup(box));
        assertFalse(linker.deviceGroup(phone));

        assertEquals(new LinkResult(none, List.of()), linker.linkBySource(none, box), "a SIM box stays apart");
        assertEquals(3, campaignsOf(0, 4).size());

        LinkResult linked = linker.linkBySource(phone, none);
        assertEquals(none, linked.campaignId(), "the older campaign survives a tie in size");
        assertEquals(List.of(new Merge(none, phone, List.of(caller(1)))), linked.merges());
        assertEquals(Set.of(none), campaignsOf(0, 2));
        assertEquals(List.of(caller(0), caller(1)), linker.members(none));
        assertEquals(new LinkResult(none, List.of()), linker.linkBySource(none, none));
    }

    @Test
    void aNumberKnownUpstreamToShareItsDeviceIsASimBoxFromItsFirstCall() {
        linker.observeContact(caller(0), victim(0), null, null, T0);
        linker.observeContact(caller(1), victim(1), "IMEI-BOX", null, T0 + MINUTE);
        String box = linker.campaignOf(caller(1));
        assertFalse(linker.deviceGroup(box), "alone on its device here");

        linker.markSharedDevice(box);
        assertTrue(linker.deviceGroup(box));
        assertEquals(new LinkResult(box, List.of()), linker.linkBySource(box, linker.campaignOf(caller(0))));
        assertEquals(2, campaignsOf(0, 2).size());
    }

    @Test
    void rotatingNumbersOnOneDeviceAreOneCampaign() {
        int v = 0;
        for (int c = 0; c < 30; c++) {
            for (int k = 0; k < 10; k++) {
                linker.observeContact(caller(c), victim(v++), "IMEI-1", null,
                        T0 + (c * 10L + k) * 7 * MINUTE);
            }
        }
        Set<String> ids = campaignsOf(0, 30);
        assertEquals(1, ids.size());
        assertEquals(CampaignIds.forFounder(caller(0)), ids.iterator().next());
        assertEquals(30, linker.members(ids.iterator().next()).size());
    }

    private static LinkingRules withCells() {
        LinkingRules d = LinkingRules.defaults();
        return new LinkingRules(Duration.ofHours(2), d.linkWindow(), d.sharedVictimsToLink(),
                d.maxCallersPerVictim(), d.maxCallersPerCell(), d.maxIdentitiesPerCampaign(),
                d.maxLinkLog10P(), d.minSharedShare());
    }

    @Test
    void cellsDoNotLinkByDefault() {
        linker.observeContact(caller(1), victim(1), null, "CELL-1", T0);
        linker.observeContact(caller(2), victim(2), null, "CELL-1", T0 + MINUTE);
        assertNotEquals(linker.campaignOf(caller(1)), linker.campaignOf(caller(2)));
    }

    @Test
    void aRandomDialerIsNotMergedIntoAListCampaign() {
        // N = 5000. The campaign calls 300 list victims; the dialer 1500 random subscribers, so
        // they share about 90 victims by chance: many, but not beyond chance.
        long population = 5_000;
        Random random = new Random(3);
        long t = T0;
        for (int k = 0; k < 300; k++) {
            linker.observeContact(caller(1), victim(k), "IMEI-C", null, t += MINUTE, population);
        }
        List<Integer> everyone = new ArrayList<>();
        for (int v = 0; v < 5_000; v++) {
            everyone.add(v);
        }
        java.util.Collections.shuffle(everyone, random);
        for (int v : everyone.subList(0, 1_500)) {
            linker.observeContact(caller(2), victim(v), "IMEI-D", null, t += MINUTE, population);
        }
        assertNotEquals(linker.campaignOf(caller(1)), linker.campaignOf(caller(2)));
    }

    @Test
    void rotatingNumbersWithRetriesAreOneCampaignDespiteTheChanceCorrection() {
        // Each number's unanswered victims are retried by the next number a day later.
        long population = 5_000;
        long day = Duration.ofDays(1).toMillis();
        for (int c = 0; c < 6; c++) {
            for (int k = 0; k < 20; k++) {
                int v = c * 20 + k;
                linker.observeContact(caller(c), victim(v), null, null, T0 + c * day / 6 + k * MINUTE,
                        population);
                if (k % 3 == 0) {
                    linker.observeContact(caller((c + 1) % 6), victim(v), null, null,
                            T0 + day + c * day / 6 + k * MINUTE, population);
                }
            }
        }
        assertEquals(1, campaignsOf(0, 6).size());
    }

    @Test
    void rotatingNumbersInOneCellAreOneCampaign() {
        linker = new CampaignLinker(store, withCells());
        int v = 0;
        for (int c = 0; c < 30; c++) {
            for (int k = 0; k < 10; k++) {
                linker.observeContact(caller(c), victim(v++), null, "CELL-9",
                        T0 + (c * 10L + k) * 5 * MINUTE);
            }
        }
        assertEquals(1, campaignsOf(0, 30).size());
    }

    @Test
    void rotatingNumbersSharingVictimsAreOneCampaign() {
        // 30 numbers, 10 calls each, over 100 victims of one list: each victim called 3 times.
        Random random = new Random(11);
        List<Integer> list = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int v = 0; v < 100; v++) {
                list.add(v);
            }
        }
        java.util.Collections.shuffle(list, random);
        for (int c = 0; c < 30; c++) {
            for (int k = 0; k < 10; k++) {
                linker.observeContact(caller(c), victim(list.get(c * 10 + k)), null, null,
                        T0 + (c * 10L + k) * 20 * MINUTE);
            }
        }
        assertEquals(1, campaignsOf(0, 30).size());
    }

    @Test
    void twoSimBoxesOnTheSameListStayApart() {
        // The same list of 400, split so the two boxes never reach the same victim.
        for (int c = 0; c < 10; c++) {
            for (int k = 0; k < 10; k++) {
                long t = T0 + (c * 10L + k) * 3 * MINUTE;
                linker.observeContact(caller(c), victim(2 * (c * 10 + k)), "IMEI-A", "CELL-A", t);
                linker.observeContact(caller(100 + c), victim(2 * (c * 10 + k) + 1), "IMEI-B",
                        "CELL-B", t);
            }
        }
        Set<String> a = campaignsOf(0, 10);
        Set<String> b = campaignsOf(100, 110);
        assertEquals(1, a.size());
        assertEquals(1, b.size());
        assertNotEquals(a, b);
    }

    @Test
    void twoSimBoxesCallingTheSameResoldListStayApart() {
        for (int k = 0; k < 40; k++) {
            long t = T0 + k * 3 * MINUTE;
            linker.observeContact(caller(k % 4), victim(k), "IMEI-A", null, t, 5_000);
            linker.observeContact(caller(100 + k % 4), victim(k), "IMEI-B", null, t + MINUTE, 5_000);
        }
        Set<String> a = campaignsOf(0, 4);
        Set<String> b = campaignsOf(100, 104);
        assertEquals(1, a.size());
        assertEquals(1, b.size());
        assertNotEquals(a, b);
    }

    @Test
    void oneSharedVictimIsNotEnough() {
        linker.observeContact(caller(1), victim(1), null, null, T0);
        linker.observeContact(caller(2), victim(1), null, null, T0 + MINUTE);
        assertNotEquals(linker.campaignOf(caller(1)), linker.campaignOf(caller(2)));
        linker.observeContact(caller(1), victim(2), null, null, T0 + 2 * MINUTE);
        LinkResult result = linker.observeContact(caller(2), victim(2), null, null, T0 + 3 * MINUTE);
        assertEquals(linker.campaignOf(caller(1)), linker.campaignOf(caller(2)));
        assertEquals(1, result.merges().size());
    }

    @Test
    void sharedVictimsOutsideTheWindowDoNotLink() {
        long week = Duration.ofDays(8).toMillis();
        linker.observeContact(caller(1), victim(1), null, null, T0);
        linker.observeContact(caller(1), victim(2), null, null, T0);
        linker.observeContact(caller(2), victim(1), null, null, T0 + week);
        linker.observeContact(caller(2), victim(2), null, null, T0 + week);
        assertNotEquals(linker.campaignOf(caller(1)), linker.campaignOf(caller(2)));
    }

    @Test
    void cellsLinkOnlyWithinTheWindow() {
        linker = new CampaignLinker(store, withCells());
        linker.observeContact(caller(1), victim(1), null, "CELL-1", T0);
        linker.observeContact(caller(2), victim(2), null, "CELL-1", T0 + Duration.ofHours(3).toMillis());
        assertNotEquals(linker.campaignOf(caller(1)), linker.campaignOf(caller(2)));
        linker.observeContact(caller(3), victim(3), null, "CELL-1", T0 + Duration.ofHours(4).toMillis());
        assertEquals(linker.campaignOf(caller(2)), linker.campaignOf(caller(3)));
    }

    @Test
    void largerCampaignKeepsItsIdAndReportsTheMerge() {
        for (int c = 1; c <= 3; c++) {
            linker.observeContact(caller(c), victim(c), "IMEI-BIG", null, T0 + c * MINUTE);
        }
        linker.observeContact(caller(9), victim(9), "IMEI-SMALL", null, T0 - MINUTE);
        String big = CampaignIds.forFounder(caller(1));
        String small = CampaignIds.forFounder(caller(9));
        assertEquals(small, linker.campaignOf(caller(9)));
        // caller 9 shows up in the big campaign's cell? No: it reuses the big campaign's device.
        LinkResult result = linker.observeContact(caller(9), victim(10), "IMEI-BIG", null,
                T0 + 10 * MINUTE);
        assertEquals(big, result.campaignId());
        assertEquals(List.of(new Merge(big, small, List.of(caller(9)))), result.merges());
        assertEquals(big, linker.campaignOf(caller(9)));
    }

    @Test
    void equalSizesKeepTheOlderCampaign() {
        linker.observeCaller(caller(2), "IMEI-2", null, T0 + MINUTE);
        linker.observeCaller(caller(1), "IMEI-1", null, T0);
        LinkResult result = linker.observeCaller(caller(2), "IMEI-1", null, T0 + 2 * MINUTE);
        assertEquals(CampaignIds.forFounder(caller(1)), result.campaignId());
        assertEquals(CampaignIds.forFounder(caller(2)), result.merges().get(0).absorbed());
    }

    @Test
    void expiryForgetsTheCampaignAndItsIndexEntries() {
        linker.observeContact(caller(1), victim(1), "IMEI-1", "CELL-1", T0);
        linker.observeContact(caller(2), victim(1), "IMEI-1", "CELL-1", T0 + MINUTE);
        String id = linker.campaignOf(caller(1));
        assertEquals(List.of(), linker.inactiveSince(T0 + Duration.ofDays(29).toMillis(),
                Duration.ofDays(30).toMillis()));
        assertEquals(List.of(id), linker.inactiveSince(T0 + Duration.ofDays(31).toMillis(),
                Duration.ofDays(30).toMillis()));
        List<String> members = linker.expire(id, List.of(victim(1)));
        assertEquals(Set.of(caller(1), caller(2)), Set.copyOf(members));
        assertEquals(0, store.entries());
    }

    @Test
    void statesAreFlinkPojosOrHaveSerializersOfTheirOwn() {
        assertTrue(TypeInformation.of(Campaign.class) instanceof PojoTypeInfo);
        assertTrue(TypeInformation.of(RecentCallers.class) instanceof WrittenTypeInfo);
        assertTrue(TypeInformation.of(LinkCounts.class) instanceof PojoTypeInfo);
    }
}
