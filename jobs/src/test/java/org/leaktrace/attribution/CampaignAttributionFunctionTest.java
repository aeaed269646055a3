package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.leaktrace.caller.SharedDeviceFunction;
import org.leaktrace.pipeline.WrittenTypeInfo;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.schema.Organization;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.VictimContact;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.sink.Pseudonymizer;

class CampaignAttributionFunctionTest {
    private static final Pseudonymizer PSEUDONYMIZER =
            Pseudonymizer.fromSecret("test-key-0123456789abcdef");
    private static final long DAY = Duration.ofDays(1).toMillis();

    static KeyedBroadcastOperatorTestHarness<Byte, AttributionInput, Organization,
            LeakSuspicion> harness(OperatorSubtaskState restored) throws Exception {
        return harness(restored, AttributionConfig.defaults());
    }

    static KeyedBroadcastOperatorTestHarness<Byte, AttributionInput, Organization,
            LeakSuspicion> harness(OperatorSubtaskState restored, AttributionConfig config) throws Exception {
        CampaignAttributionFunction function = new CampaignAttributionFunction(
                config, PSEUDONYMIZER, SchoolListScenario.directory());
        KeyedBroadcastOperatorTestHarness<Byte, AttributionInput, Organization, LeakSuspicion>
                harness = new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(function, List.of(
                                CampaignAttributionFunction.DIRECTORY_NUMBERS,
                                CampaignAttributionFunction.DIRECTORY_ORGS)),
                        new CampaignAttributionFunction.ConstantKey(), Types.BYTE, 1, 1, 0);
        harness.setup();
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    static void feed(KeyedBroadcastOperatorTestHarness<Byte, AttributionInput,
            Organization, LeakSuspicion> harness, List<AttributionInput> inputs) throws Exception {
        for (AttributionInput input : inputs) {
            process(harness, input, input.getTimeMs());
        }
    }

    /**
     * One input, then the watermark up to its time, as the pipeline's watermarks follow its
     * inputs: an input ahead of the watermark waits for it.
     */
    private static void process(KeyedBroadcastOperatorTestHarness<Byte, AttributionInput,
            Organization, LeakSuspicion> harness, AttributionInput input, long timestamp)
            throws Exception {
        harness.processElement(input, timestamp);
        long watermark = Math.max(WATERMARKS.getOrDefault(harness, Long.MIN_VALUE), input.getTimeMs());
        WATERMARKS.put(harness, watermark);
        harness.watermark(watermark);
    }

    /** The watermark each harness was last given, so that it never goes back. */
    private static final Map<Object, Long> WATERMARKS = new IdentityHashMap<>();

    static List<LeakSuspicion> suspicions(KeyedBroadcastOperatorTestHarness<Byte,
            AttributionInput, Organization, LeakSuspicion> harness) {
        return harness.extractOutputValues();
    }

    static List<CallerAlert> alerts(KeyedBroadcastOperatorTestHarness<Byte,
            AttributionInput, Organization, LeakSuspicion> harness) {
        var alerts = harness.getSideOutput(CampaignAttributionFunction.CALLER_ALERTS);
        return alerts == null ? List.of() : alerts.stream()
                .map(StreamRecord::getValue)
                .collect(Collectors.toList());
    }

    @Test
    void inputsAheadOfTheWatermarkWaitAndAreAppliedInEventTimeOrder() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.standard();
        var inOrder = harness(null);
        feed(inOrder, scenario.sizes);
        feed(inOrder, scenario.contacts);

        // The same inputs as two parallel callers' stages deliver them: one subtask's contacts
        // all before the other's, under one watermark that passes them all at the end.
        var interleaved = harness(null);
        feed(interleaved, scenario.sizes);
        List<AttributionInput> shuffled = new ArrayList<>();
        for (int parity = 0; parity < 2; parity++) {
            for (int i = parity; i < scenario.contacts.size(); i += 2) {
                shuffled.add(scenario.contacts.get(i));
            }
        }
        for (AttributionInput input : shuffled) {
            interleaved.processElement(input, input.getTimeMs());
        }
        assertTrue(suspicions(interleaved).isEmpty(), "nothing is tested ahead of the watermark");
        assertTrue(interleaved.numEventTimeTimers() > 0);
        long last = scenario.contacts.get(scenario.contacts.size() - 1).getTimeMs();
        interleaved.watermark(last);

        assertEquals(suspicions(inOrder), suspicions(interleaved),
                "the same suspicions, detected after the same calls, as in event-time order");
        assertEquals(0, interleaved.numEventTimeTimers() - inOrder.numEventTimeTimers(),
                "only expiry timers remain");
    }

    @Test
    void withoutEventTimeOrderInputsAreAppliedAsTheyCome() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.standard();
        var inOrder = harness(null);
        feed(inOrder, scenario.sizes);
        feed(inOrder, scenario.contacts);

        var live = harness(null, AttributionConfig.defaults().withEventTimeOrder(false));
        for (AttributionInput input : scenario.all()) {
            live.processElement(input, input.getTimeMs());
        }
        assertEquals(suspicions(inOrder), suspicions(live), "in order, no watermark is needed");
        assertEquals(0, live.numEventTimeTimers() - inOrder.numEventTimeTimers(), "nothing waits");
    }

    @Test
    void inputsWaitingForTheWatermarkSurviveSnapshotAndRestore() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.standard();
        var inOrder = harness(null);
        feed(inOrder, scenario.sizes);
        feed(inOrder, scenario.contacts);

        var before = harness(null);
        feed(before, scenario.sizes);
        for (AttributionInput input : scenario.contacts) {
            before.processElement(input, input.getTimeMs());
        }
        var snapshot = before.snapshot(1L, 1L);
        before.close();
        var after = harness(snapshot);
        after.watermark(scenario.contacts.get(scenario.contacts.size() - 1).getTimeMs());

        assertFalse(suspicions(after).isEmpty());
        assertEquals(suspicions(inOrder), suspicions(after));
    }

    /**
     * The school's unlisted call-centre number, called back by 40% of its parents, is as
     * over-represented among the victims as the school (lift ~50 on its own): it is not named as
     * a second source. Three simulated worlds of eight had 5–12 such wrong suspicions each.
     */
    @Test
    void anOrganizationsUnlistedCallCentreIsNotBlamedBesideIt() throws Exception {
        String callCentre = "+862150009999";
        SchoolListScenario scenario = SchoolListScenario.standard().withCallCentre(callCentre, 0.4, 7);
        var harness = harness(null);
        feed(harness, scenario.sizes);
        feed(harness, scenario.contacts);

        List<LeakSuspicion> out = suspicions(harness);
        assertFalse(out.isEmpty());
        assertEquals(Set.of(SchoolListScenario.SCHOOL), out.stream()
                .map(s -> s.getSourceOrgId() != null ? s.getSourceOrgId() : s.getSourceNumber())
                .collect(Collectors.toSet()));
    }

    @Test
    void schoolListCampaignIsOneCampaignAndBlamesTheSchoolOnly() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.standard();
        var harness = harness(null);
        feed(harness, scenario.sizes);
        int firstAt = -1;
        for (int i = 0; i < scenario.contacts.size(); i++) {
            process(harness, scenario.contacts.get(i), scenario.contacts.get(i).getTimeMs());
            if (firstAt < 0 && !suspicions(harness).isEmpty()) {
                firstAt = i + 1;
            }
        }
        List<LeakSuspicion> out = suspicions(harness);
        assertFalse(out.isEmpty());
        assertEquals(Set.of(SchoolListScenario.SCHOOL),
                out.stream().map(s -> s.getSourceOrgId()).collect(Collectors.toSet()),
                "the courier (30% of everyone) is never blamed");
        assertEquals(1, out.stream().map(LeakSuspicion::getSuspicionId).distinct().count());
        assertEquals(1, out.stream().map(LeakSuspicion::getCampaignId).distinct().count());

        LeakSuspicion first = out.get(0);
        assertEquals(0, first.getUpdate());
        assertEquals(firstAt, first.getCallsBeforeDetection());
        assertEquals(first.getEventTime(), first.getFirstDetected());
        assertEquals(firstAt, first.getCampaignVictims());
        assertEquals(scenario.schoolHitsAmongFirst(firstAt), first.getVictims());
        assertTrue(first.getVictims() >= 5);
        assertEquals("Sunrise Kindergarten", first.getSourceName());
        assertEquals("SCHOOL", first.getSourceCategory());

        for (int i = 0; i < out.size(); i++) {
            LeakSuspicion s = out.get(i);
            assertEquals(i, s.getUpdate());
            assertEquals(first.getFirstDetected(), s.getFirstDetected());
            assertEquals(firstAt, s.getCallsBeforeDetection());
            int m = s.getCampaignVictims();
            assertEquals(scenario.schoolHitsAmongFirst(m), s.getVictims());
            double p = (double) SchoolListScenario.SCHOOL_CUSTOMERS / SchoolListScenario.POPULATION;
            assertEquals(m * p, s.getExpected(), 1e-9);
            assertEquals(s.getVictims() / (m * p), s.getLift(), 1e-9);
            assertEquals(LeakStatistics.bonferroni(
                    LeakStatistics.log10UpperTail(m, s.getVictims(), p), s.getCandidatesTested()),
                    s.getLog10P(), 1e-9);
            assertEquals(2, s.getCandidatesTested());
            assertEquals(SchoolListScenario.POPULATION, s.getPopulation());
            assertEquals(SchoolListScenario.SCHOOL_CUSTOMERS, s.getSourceCustomers());
            assertEquals(List.of(s.getCampaignId()), s.getCampaigns());
        }
        LeakSuspicion last = out.get(out.size() - 1);
        assertTrue(last.getVictims() > 150, "evidence kept growing: " + last.getVictims());
        assertTrue(last.getLog10P() < -100);
        assertEquals(30, last.getCallers().size());
        assertEquals(Set.copyOf(scenario.callers), Set.copyOf(last.getCallers()));

        // Victims only as pseudonyms.
        Set<String> clear = Set.copyOf(scenario.victims);
        assertTrue(last.getVictimPseudonyms().stream().noneMatch(clear::contains));
        assertTrue(last.getVictimPseudonyms().contains(PSEUDONYMIZER.pseudonym(
                scenario.victims.get(scenario.schoolVictim.indexOf(true)))));
        assertEquals(Math.min(200, last.getVictims()), last.getVictimPseudonyms().size());

        // Dating: the list cannot predate the latest victim touch; it existed at the first call.
        long earliest = last.getLeakTimeEarliest().toEpochMilli();
        long latest = last.getLeakTimeLatest().toEpochMilli();
        long estimate = last.getEstimatedLeakTime().toEpochMilli();
        assertTrue(earliest <= SchoolListScenario.LEAK);
        assertTrue(earliest <= estimate && estimate <= latest);
        assertTrue(latest <= SchoolListScenario.FIRST_CALL);
        assertTrue(SchoolListScenario.LEAK - earliest < 10 * DAY);
    }

    /**
     * The campaign of 30 rotating numbers with 10 calls each, each number on its own
     * phone: the shuffled list gives no two numbers a shared victim, so only the source their
     * victims share makes them one campaign.
     */
    @Test
    void numbersRotatingWithoutADeviceThroughOneListAreOneCampaign() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.rotation(42, 30, 10, true);
        var linked = harness(null);
        feed(linked, scenario.all());
        List<LeakSuspicion> out = suspicions(linked);
        assertEquals(Set.of(SchoolListScenario.SCHOOL),
                out.stream().map(LeakSuspicion::getSourceOrgId).collect(Collectors.toSet()));
        LeakSuspicion last = out.get(out.size() - 1);
        assertEquals(Set.copyOf(scenario.callers), Set.copyOf(last.getCallers()));
        assertEquals(List.of(last.getCampaignId()), last.getCampaigns());
        assertTrue(last.getVictims() > 150, "the numbers' evidence is pooled: " + last.getVictims());

        var apart = harness(null, AttributionConfig.defaults().withSourceLinkMaxVictims(0));
        feed(apart, scenario.all());
        Map<String, Integer> callersBySuspicion = new TreeMap<>();
        suspicions(apart).forEach(s -> callersBySuspicion.put(s.getSuspicionId(), s.getCallers().size()));
        assertTrue(callersBySuspicion.size() > 10 && callersBySuspicion.values().stream().allMatch(n -> n == 1),
                "without linking by source each number is its own campaign: " + callersBySuspicion);
    }

    /** The scenario's contacts as the caller stage sends them for fresh numbers not risky alone. */
    private static List<AttributionInput> early(SchoolListScenario scenario) {
        List<AttributionInput> all = new ArrayList<>(scenario.sizes);
        scenario.contacts.forEach(c -> all.add(Inputs.early(c, 0.4)));
        return all;
    }

    /**
     * Thirty fresh numbers rotating through the school's list, three calls each, none risky on
     * its own (the caller stage judges a number at five calls): counted among the last day's early
     * contacts, they are blamed on the school in the first round, as one campaign.
     */
    @Test
    void freshNumbersRotatingThroughOneListAreBlamedBeforeAnyIsRiskyAlone() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.rotation(42, 30, 3, true);
        var harness = harness(null);
        List<AttributionInput> inputs = early(scenario);
        feed(harness, inputs);
        List<LeakSuspicion> out = suspicions(harness);
        assertEquals(Set.of(SchoolListScenario.SCHOOL),
                out.stream().map(LeakSuspicion::getSourceOrgId).collect(Collectors.toSet()));
        // The last day's early contacts, counted whole, blame it before any number's second hit.
        long firstRoundEnds = scenario.contacts.get(29).getTimeMs();
        assertTrue(out.get(0).getEventTime().toEpochMilli() <= firstRoundEnds,
                "blamed within one call a number: " + out.get(0).getEventTime());
        LeakSuspicion last = out.get(out.size() - 1);
        assertTrue(scenario.callers.containsAll(last.getCallers()));
        assertTrue(last.getCallers().size() >= 10, "one campaign of many numbers: " + last.getCallers());
        assertEquals(1, out.stream().map(LeakSuspicion::getSuspicionId).filter(id -> out.stream()
                .noneMatch(s -> id.equals(s.getMergedInto()))).distinct().count(), "one suspicion goes on");
        List<CallerAlert> alerts = alerts(harness);
        assertFalse(alerts.isEmpty());
        assertTrue(alerts.stream().allMatch(a -> scenario.callers.contains(a.getCaller())
                && a.getReasons().contains(CampaignAttributionFunction.POOLED_REASON)), alerts.toString());
    }

    /**
     * Once the last day's count has blamed the school, the hits that did are spent: a fresh
     * number with one hit on it, which may be another operation's whose one victim was also a
     * parent, is not handed on by the same evidence. It waits in the pool until its own hits make
     * it a member, or a new count blames the school.
     */
    @Test
    void aFreshNumberWithOneHitIsNotJoinedToASourceAlreadyBlamed() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.rotation(42, 30, 3, true);
        var harness = harness(null);
        feed(harness, early(scenario));
        assertFalse(suspicions(harness).isEmpty());
        int parent = scenario.schoolVictim.lastIndexOf(true);
        VictimContact call = scenario.contacts.get(parent).getContact();
        long t = scenario.contacts.get(scenario.contacts.size() - 1).getTimeMs() + Duration.ofMinutes(5).toMillis();
        String stranger = "+8617999999999";
        feed(harness, List.of(Inputs.early(
                Inputs.contact(stranger, call.getVictim(), t, null, null, call.getTouches()), 0.4)));
        assertTrue(alerts(harness).stream().noneMatch(a -> a.getCaller().equals(stranger)), "not handed on");
    }

    /**
     * One fresh number, four calls, every victim a parent: its pool (three hits beyond the first
     * at 2%, log10 p -5.1) passes the pool's bar when corrected for the one list already blamed,
     * not when corrected for every source known (here 301): where an operation already works the
     * school's list, a second buyer's number is handed on at its fourth call; where none does, it
     * waits for more evidence.
     */
    @Test
    void aFreshNumberCallingAListAlreadyBlamedIsHandedOnSooner() throws Exception {
        SchoolListScenario first = SchoolListScenario.rotation(42, 30, 3, true);
        long t = first.contacts.get(first.contacts.size() - 1).getTimeMs() + 2 * DAY;
        String buyer = "+8617888888888";
        List<AttributionInput> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long at = t + i * Duration.ofMinutes(20).toMillis();
            // Parents the first operation never called: the upper half of the school's list.
            calls.add(Inputs.early(Inputs.contact(buyer, SchoolListScenario.subscriber(300 + i), at, null, null,
                    List.of(Inputs.touch(SchoolListScenario.SCHOOL, SchoolListScenario.LEAK - 30 * DAY,
                            SchoolListScenario.LEAK - 20 * DAY))), 0.4));
        }
        List<AttributionInput> otherSources = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            otherSources.add(Inputs.size(String.format("ORG-%03d", i), 100, SchoolListScenario.FIRST_CALL - 1));
        }

        var blamedBefore = harness(null);
        feed(blamedBefore, otherSources);
        feed(blamedBefore, early(first));
        assertFalse(suspicions(blamedBefore).isEmpty(), "the first operation is blamed on the school");
        feed(blamedBefore, calls);
        assertTrue(alerts(blamedBefore).stream().anyMatch(a -> a.getCaller().equals(buyer)
                && a.getReasons().contains(CampaignAttributionFunction.POOLED_REASON)), "handed on");
        LeakSuspicion last = suspicions(blamedBefore).get(suspicions(blamedBefore).size() - 1);
        assertTrue(last.getCallers().contains(buyer), "named on the school's suspicion: " + last.getCallers());

        var notBlamed = harness(null);
        feed(notBlamed, first.sizes);
        feed(notBlamed, otherSources);
        feed(notBlamed, calls);
        assertEquals(List.of(), alerts(notBlamed), "the same four calls, no list known to be worked");
        assertEquals(List.of(), suspicions(notBlamed));
    }

    /**
     * Three hundred fresh numbers with cold calls to subscribers at random, where 2% are the
     * school's customers and 30% the courier's: chance overlaps blame nothing and alert no one.
     */
    @Test
    void freshNumbersCallingAtRandomAreNotPooledIntoABlame() throws Exception {
        SchoolListScenario random = SchoolListScenario.campaign(7, null, null, 5_000, 300, 3, 0,
                (int) SchoolListScenario.POPULATION, 100_000, SchoolListScenario.FIRST_CALL);
        var harness = harness(null);
        feed(harness, early(random));
        assertTrue(random.schoolHitsAmongFirst(random.contacts.size()) >= 10, "the school is hit by chance");
        assertEquals(List.of(), suspicions(harness));
        assertEquals(List.of(), alerts(harness));
    }

    @Test
    void theEarlyPoolSurvivesSnapshotAndRestore() throws Exception {
        List<AttributionInput> all = early(SchoolListScenario.rotation(42, 30, 3, true));
        var straight = harness(null);
        feed(straight, all);
        List<LeakSuspicion> expected = suspicions(straight);
        assertFalse(expected.isEmpty());

        // Before the fifth hit, the fewest a blame rests on; the last day's contacts are counted by then.
        int cut = 4;
        var before = harness(null);
        feed(before, all.subList(0, cut));
        assertEquals(List.of(), suspicions(before), "the cut is before the blame");
        OperatorSubtaskState snapshot = before.snapshot(1L, 1L);
        before.close();
        var after = harness(snapshot);
        feed(after, all.subList(cut, all.size()));
        assertEquals(expected, suspicions(after));
    }

    @Test
    void freshNumbersNeverHandedOnAreForgottenAfterTheLinkWindow() throws Exception {
        SchoolListScenario random = SchoolListScenario.campaign(7, null, null, 5_000, 40, 2, 0,
                (int) SchoolListScenario.POPULATION, 100_000, SchoolListScenario.FIRST_CALL);
        var harness = harness(null);
        feed(harness, random.sizes);
        int sizesOnly = keyedEntries(harness);
        feed(harness, early(random).subList(random.sizes.size(), random.sizes.size() + random.contacts.size()));
        assertTrue(keyedEntries(harness) >= sizesOnly + 3, "the numbers, their pools and days are kept");
        long last = random.contacts.get(random.contacts.size() - 1).getTimeMs();
        harness.watermark(last + Duration.ofDays(31).toMillis());
        assertEquals(0, harness.numEventTimeTimers());
        // Beside the sizes: the first hour not yet swept, and the count of sources with a size
        // (kept for every test of a pool).
        assertEquals(sizesOnly + 2, keyedEntries(harness), "the fresh numbers are forgotten");
    }

    /**
     * A number blamed on the school before it could be linked (its first victims pointed at a
     * smaller tutor's list) still joins the one campaign already blamed on the school. Left apart,
     * it made two buyers "kept apart", and every later number of the operation stayed apart too.
     */
    @Test
    void aNumberBlamedAloneStillJoinsTheOneCampaignBlamedOnItsList() throws Exception {
        String first = BLAMED_FIRST;
        String second = "+8617000000002";
        var harness = harness(null);
        long t = blamedAlone(harness);
        assertEquals(List.of(List.of(first)), suspicions(harness).stream()
                .map(LeakSuspicion::getCallers).distinct().toList(), "the first number is blamed alone");
        for (int i = 0; i < 5; i++) {
            process(harness, schoolContact(second, 100 + i, t, i < 3), t);
            t += SchoolListScenario.CALL_SPACING;
        }
        assertTrue(suspicions(harness).stream().anyMatch(s -> s.getCallers().equals(List.of(second))),
                "the second number is blamed on its own first");
        String campaign = suspicions(harness).get(0).getCampaignId();
        // Its next call, past the hour between two updates of one suspicion, lists both numbers.
        t += Duration.ofHours(1).toMillis();
        process(harness, schoolContact(second, 105, t, false), t);
        List<LeakSuspicion> out = suspicions(harness);
        LeakSuspicion last = out.get(out.size() - 1);
        assertEquals(SchoolListScenario.SCHOOL, last.getSourceOrgId());
        assertEquals(Set.of(first, second), Set.copyOf(last.getCallers()));
        assertEquals(List.of(campaign), last.getCampaigns());
        assertEquals(out.get(0).getSuspicionId(), last.getSuspicionId(), "the first suspicion goes on");
        assertNull(last.getMergedInto());
        String secondId = out.stream().filter(s -> s.getCallers().equals(List.of(second)))
                .findFirst().orElseThrow().getSuspicionId();
        List<LeakSuspicion> secondsRecords = out.stream()
                .filter(s -> s.getSuspicionId().equals(secondId)).toList();
        LeakSuspicion ended = secondsRecords.get(secondsRecords.size() - 1);
        assertEquals(last.getSuspicionId(), ended.getMergedInto(),
                "the second number's own suspicion says which goes on for it: " + secondsRecords);
        assertEquals(campaign, ended.getCampaignId());
        assertTrue(secondsRecords.subList(0, secondsRecords.size() - 1).stream()
                .allMatch(s -> s.getMergedInto() == null));
    }

    /**
     * A SIM box's first number reaches attribution alone, but upstream already saw its device
     * shared ({@code shared_device}): it is not linked by source with another buyer of the list.
     */
    @Test
    void aSimBoxNumberSeenAloneIsNotLinkedBySourceWithAnotherBuyer() throws Exception {
        assertTwoBuyersEachBlamed(true);
    }

    /**
     * A risk written before {@code shared_device} was a field (in an older savepoint) says so
     * only among its reasons; it still marks the box.
     */
    @Test
    void aSimBoxRiskFromBeforeTheFieldIsStillASimBox() throws Exception {
        assertTwoBuyersEachBlamed(false);
    }

    /**
     * After {@link #blamedAlone}, a box number's risk, then 8 of its calls to the school's
     * customers.
     *
     * @param byField the risk says so in its field, its reasons not naming the signal (as when it
     *     weighs less than a listed reason); otherwise only its reasons say so
     */
    private void assertTwoBuyersEachBlamed(boolean byField) throws Exception {
        var harness = harness(null);
        long t = blamedAlone(harness);
        String box = "+8617000000002";
        AttributionInput risk = Inputs.risk(box, t, "IMEI-BOX", 0.9,
                List.of(byField ? "short_call_burst" : SharedDeviceFunction.SIGNAL));
        risk.getRisk().setSharedDevice(byField);
        process(harness, risk, t);
        for (int i = 0; i < 8; i++) {
            t += SchoolListScenario.CALL_SPACING;
            process(harness, Inputs.contact(box, SchoolListScenario.subscriber(200 + i), t, "IMEI-BOX", null,
                    List.of(Inputs.touch(SchoolListScenario.SCHOOL, SchoolListScenario.HISTORY_START,
                            SchoolListScenario.LEAK))), t);
        }
        Map<String, Set<String>> callersByCampaign = new TreeMap<>();
        suspicions(harness).forEach(s -> callersByCampaign.computeIfAbsent(s.getCampaignId(), k -> new TreeSet<>())
                .addAll(s.getCallers()));
        assertEquals(Set.of(Set.of(BLAMED_FIRST), Set.of(box)), Set.copyOf(callersByCampaign.values()),
                "two buyers of one list, each blamed: " + callersByCampaign);
    }

    private static final String BLAMED_FIRST = "+8617000000001";

    /**
     * The population, the school and a tutor with 20 customers (a far smaller list), then 8 calls
     * of {@link #BLAMED_FIRST} to school customers, enough to blame the school; returns the next
     * call's time.
     */
    private static long blamedAlone(KeyedBroadcastOperatorTestHarness<Byte, AttributionInput,
            Organization, LeakSuspicion> harness) throws Exception {
        String caller = BLAMED_FIRST;
        long t = SchoolListScenario.FIRST_CALL;
        feed(harness, List.of(
                Inputs.size(CampaignAttributionFunction.POPULATION, SchoolListScenario.POPULATION, t - 1),
                Inputs.size(SchoolListScenario.SCHOOL, SchoolListScenario.SCHOOL_CUSTOMERS, t - 1),
                Inputs.size(TUTOR, 20, t - 1)));
        for (int i = 0; i < 8; i++) {
            process(harness, schoolContact(caller, i, t, false), t);
            t += SchoolListScenario.CALL_SPACING;
        }
        return t;
    }

    private static final String TUTOR = "TUT-001";

    /** A cold call to a school customer, who may also be one of the tutor's. */
    private static AttributionInput schoolContact(String caller, int victim, long timeMs, boolean tutor) {
        List<Touch> touches = new ArrayList<>();
        touches.add(Inputs.touch(SchoolListScenario.SCHOOL, SchoolListScenario.HISTORY_START, SchoolListScenario.LEAK));
        if (tutor) {
            touches.add(Inputs.touch(TUTOR, SchoolListScenario.HISTORY_START, SchoolListScenario.LEAK));
        }
        return Inputs.contact(caller, SchoolListScenario.subscriber(victim), timeMs, null, null, touches);
    }

    /**
     * Thirty numbers making 3 calls each: none has the 5 victims to blame the school alone, their
     * victims pooled do, and the numbers that hit the school are one campaign from then on.
     */
    @Test
    void numbersTooSmallToBlameTheListAloneBlameItTogether() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.rotation(7, 30, 3, false);
        var apart = harness(null, AttributionConfig.defaults().withSourceLinkMaxVictims(0));
        feed(apart, scenario.all());
        assertEquals(List.of(), suspicions(apart), "no number alone has the victims");

        var linked = harness(null);
        int firstAt = -1;
        feed(linked, scenario.sizes);
        for (int i = 0; i < scenario.contacts.size(); i++) {
            process(linked, scenario.contacts.get(i), scenario.contacts.get(i).getTimeMs());
            if (firstAt < 0 && !suspicions(linked).isEmpty()) {
                firstAt = i + 1;
            }
        }
        List<LeakSuspicion> out = suspicions(linked);
        assertEquals(Set.of(SchoolListScenario.SCHOOL),
                out.stream().map(LeakSuspicion::getSourceOrgId).collect(Collectors.toSet()),
                "the courier (30% of everyone) is never blamed");
        assertTrue(firstAt > 0 && firstAt <= 60, "blamed within two rounds: " + firstAt);
        LeakSuspicion last = out.get(out.size() - 1);
        assertTrue(last.getCallers().size() >= 15, "the numbers are one campaign: " + last.getCallers().size());
        assertEquals(1, out.stream().map(LeakSuspicion::getSuspicionId).distinct().count());
    }

    @Test
    void callerAlertsCarryTheCampaignAndFollowMerges() throws Exception {
        long t = SchoolListScenario.FIRST_CALL;
        var harness = harness(null);
        // Two numbers, alerted before they are known to share a device.
        process(harness, Inputs.risk("+8617000000001", t, "IMEI-X", 0.9), t);
        process(harness, Inputs.risk("+8617000000002", t + 1000, "IMEI-Y", 0.8), t + 1000);
        List<CallerAlert> alerts = alerts(harness);
        assertEquals(2, alerts.size());
        assertNotEquals(alerts.get(0).getCampaignId(), alerts.get(1).getCampaignId());
        assertEquals(0.9, alerts.get(0).getScore());
        assertEquals(List.of("short_call_burst"), alerts.get(0).getReasons());
        assertEquals(Instant.ofEpochMilli(t), alerts.get(0).getEventTime());

        // The second number shows up on the first one's device: one campaign, alert re-issued.
        process(harness, Inputs.contact("+8617000000002", "+8613900000001", t + 2000,
                "IMEI-X", null, List.of()), t + 2000);
        alerts = alerts(harness);
        assertEquals(3, alerts.size());
        CallerAlert moved = alerts.get(2);
        assertEquals("+8617000000002", moved.getCaller());
        assertEquals(alerts.get(0).getCampaignId(), moved.getCampaignId());
        assertEquals(alerts.get(1).getAlertId(), moved.getAlertId());

        // The same risk again says nothing new.
        process(harness, Inputs.risk("+8617000000001", t, "IMEI-X", 0.9), t + 3000);
        assertEquals(3, alerts(harness).size());
    }

    @Test
    void aRiskUpdateThatMergesCampaignsAlertsEachNumberOncePerChange() throws Exception {
        long t = SchoolListScenario.FIRST_CALL;
        var harness = harness(null);
        process(harness, Inputs.risk("+8617000000001", t, "IMEI-X", 0.9), t);
        process(harness, Inputs.risk("+8617000000002", t + 1000, "IMEI-Y", 0.8), t + 1000);
        // The second number's new profile comes from the first one's device: the campaigns merge
        // while its own alert is being updated.
        process(harness, Inputs.risk("+8617000000002", t + 2000, "IMEI-X", 0.85), t + 2000);

        List<CallerAlert> alerts = alerts(harness);
        assertEquals(alerts.size(), new HashSet<>(alerts).size(), "an alert repeated: " + alerts);
        Map<String, String> latestCampaign = new HashMap<>();
        alerts.forEach(a -> latestCampaign.put(a.getCaller(), a.getCampaignId()));
        assertEquals(2, latestCampaign.size());
        assertEquals(1, Set.copyOf(latestCampaign.values()).size(), "one campaign: " + alerts);
    }

    /**
     * A second buyer of the list, on the same device, calls victims the campaign has already
     * counted: the suspicion gains no evidence but must list its number (seed 1 at 5,000
     * subscribers had a second buyer's numbers never named for that reason). Updates for more
     * victims or a stronger tail are turned off here, so only a new number can cause one.
     */
    @Test
    void aNumberThatJoinsTheCampaignIsListedEvenWhenItAddsNoVictim() throws Exception {
        AttributionConfig d = AttributionConfig.defaults();
        AttributionConfig numbersOnly = new AttributionConfig(d.cellLinkWindow(), d.linkWindow(),
                d.sharedVictimsToLink(), d.maxCallersPerVictim(), d.serviceWindow(), d.minVictims(), d.minLift(),
                d.minCoverage(), d.maxLog10P(), d.minReemitInterval(), 1_000, 1_000, d.campaignTtl(), d.expiryCheckInterval(),
                d.maxVictimsTracked(), d.maxTouchesPerVictim(), d.maxPseudonymsPerSuspicion(), d.arrivalPoints(),
                d.nestedShare(), d.sourceLinkMaxVictims(), d.sourceLinkLog10P(), d.eventTimeOrder());
        SchoolListScenario scenario = SchoolListScenario.standard();
        var harness = harness(null, numbersOnly);
        feed(harness, scenario.sizes);
        feed(harness, scenario.contacts);
        List<LeakSuspicion> before = suspicions(harness);
        LeakSuspicion last = before.get(before.size() - 1);
        assertTrue(before.size() > 1, "the box's numbers, joining one by one, were listed as they came");
        assertEquals(30, last.getCallers().size());

        String secondBuyer = "+8617099999999";
        long t = scenario.contacts.get(scenario.contacts.size() - 1).getTimeMs() + Duration.ofHours(2).toMillis();
        for (int i = 0; i < 3; i++) {
            AttributionInput earlier = scenario.contacts.get(i);
            process(harness, Inputs.contact(secondBuyer, earlier.getContact().getVictim(), t + i * 60_000L,
                    "IMEI-BOX-1", null, earlier.getContact().getTouches()), t + i * 60_000L);
        }

        List<LeakSuspicion> after = suspicions(harness);
        assertEquals(before.size() + 1, after.size(), "one update, then the interval holds the rest");
        LeakSuspicion update = after.get(after.size() - 1);
        assertEquals(last.getSuspicionId(), update.getSuspicionId());
        assertEquals(31, update.getCallers().size());
        assertTrue(update.getCallers().contains(secondBuyer));
    }

    @Test
    void serviceLikeHitsAreNotBlamed() throws Exception {
        assertTrue(suspicionsForBank(Duration.ofHours(1)).isEmpty(),
                "an organization's own agent following its message is service");
        assertFalse(suspicionsForBank(Duration.ofDays(2)).isEmpty(),
                "the same hits long after the last contact are a leak");
    }

    @Test
    void anOrganizationIsNotBlamedForItsOwnNumbers() throws Exception {
        Organization bankLine = SchoolListScenario.org("BANK-1", "City Bank", "BANK", "+8695555");
        var harness = harness(null);
        harness.processBroadcastElement(bankLine, 0);
        assertTrue(suspicionsForBank(harness, Duration.ofDays(2)).isEmpty());

        var afterTombstone = harness(null);
        afterTombstone.processBroadcastElement(bankLine, 0);
        bankLine.setDeleted(true);
        afterTombstone.processBroadcastElement(bankLine, 1);
        assertFalse(suspicionsForBank(afterTombstone, Duration.ofDays(2)).isEmpty(),
                "a number removed from the directory no longer speaks for the bank");
    }

    /**
     * One operation bought a bank's list (a fifth of everyone) and a small agency's and padded
     * them: 60% of its 400 victims are the bank's, 4% the agency's. The agency's lift among all
     * victims is 2.7, too little; among the victims who did not touch the bank it is 8. A source
     * whose hits all lie among the bank's victims (5%, lift 3.3 among all) gains nothing there.
     */
    @Test
    void aSmallListBoughtWithABanksIsNamedBesideTheBank() throws Exception {
        var harness = harness(null);
        long t = SchoolListScenario.FIRST_CALL;
        process(harness, Inputs.size(CampaignAttributionFunction.POPULATION, 20_000, t), t);
        process(harness, Inputs.size("BANK-1", 4_000, t), t);
        process(harness, Inputs.size("AGENCY-1", 300, t), t);
        process(harness, Inputs.size("NEAR-1", 300, t), t);
        callEveryTenMinutes(harness, "+8613900000077", "IMEI-OP", 400, i -> {
            int slot = i % 50;
            return slot < 2 ? List.of("AGENCY-1")
                    : slot < 4 ? List.of("BANK-1", "NEAR-1")
                    : slot < 32 || (slot % 5 == 0) ? List.of("BANK-1")
                    : List.of();
        });

        Map<String, LeakSuspicion> latest = new HashMap<>();
        suspicions(harness).forEach(s -> latest.put(s.getSourceOrgId(), s));
        assertEquals(Set.of("BANK-1", "AGENCY-1"), latest.keySet());
        assertNull(latest.get("BANK-1").getSetAsideSource());
        LeakSuspicion agency = latest.get("AGENCY-1");
        assertEquals("BANK-1", agency.getSetAsideSource());
        assertTrue(agency.getVictims() <= 16, "only hits beside the bank count: " + agency);
        assertTrue(agency.getLift() >= 4, agency.toString());
        assertEquals(agency.getVictims() / agency.getExpected(), agency.getLift(), 1e-9,
                "the lift said is the one tested");
    }

    /**
     * One operation bought a courier's list and a bank's (a quarter and a fifth of everyone) and
     * padded them: 40% of its victims are the courier's customers, 40% the bank's. Large sources
     * are held to {@code minCoverage} (62.5% for the courier), so neither is blamed among all the
     * victims, and no blamed source is there to set aside. Among the victims who are not the
     * other's customers each is two thirds of them, and each is named beside the other.
     */
    @Test
    void twoLargeListsWorkedTogetherAreEachNamedBesideTheOther() throws Exception {
        var harness = harness(null);
        long t = SchoolListScenario.FIRST_CALL;
        process(harness, Inputs.size(CampaignAttributionFunction.POPULATION, 20_000, t), t);
        process(harness, Inputs.size("COURIER-1", 5_000, t), t);
        process(harness, Inputs.size("BANK-1", 4_000, t), t);
        callEveryTenMinutes(harness, "+8613900000078", "IMEI-OP2", 120,
                i -> i % 10 < 4 ? List.of("COURIER-1") : i % 10 < 8 ? List.of("BANK-1") : List.of());

        Map<String, LeakSuspicion> first = new HashMap<>();
        suspicions(harness).forEach(s -> first.putIfAbsent(s.getSourceOrgId(), s));
        assertEquals(Set.of("COURIER-1", "BANK-1"), first.keySet());
        assertEquals("BANK-1", first.get("COURIER-1").getSetAsideSource());
        assertEquals("COURIER-1", first.get("BANK-1").getSetAsideSource());
        for (LeakSuspicion s : first.values()) {
            assertTrue(s.getLift() >= 2.5, s.toString());
            assertEquals(s.getVictims() / s.getExpected(), s.getLift(), 1e-9, "the lift said is the one tested");
        }
    }

    /**
     * One number calls {@code victims} subscribers from the first call on, one every ten minutes;
     * victim i touched {@code sourcesOf(i)} a month before.
     */
    private static void callEveryTenMinutes(KeyedBroadcastOperatorTestHarness<Byte, AttributionInput,
            Organization, LeakSuspicion> harness, String caller, String imei, int victims,
            IntFunction<List<String>> sourcesOf) throws Exception {
        long t = SchoolListScenario.FIRST_CALL;
        for (int i = 0; i < victims; i++) {
            long call = t + i * Duration.ofMinutes(10).toMillis();
            List<Touch> touches = sourcesOf.apply(i).stream()
                    .map(s -> Inputs.touch(s, call - 30 * DAY, call - 20 * DAY))
                    .toList();
            process(harness, Inputs.contact(caller, SchoolListScenario.subscriber(i), call, imei, null, touches),
                    call);
        }
    }

    private List<LeakSuspicion> suspicionsForBank(Duration sinceLastTouch) throws Exception {
        return suspicionsForBank(harness(null), sinceLastTouch);
    }

    /** 40 cold calls to a bank's customers, each some time after the bank's last contact. */
    private List<LeakSuspicion> suspicionsForBank(KeyedBroadcastOperatorTestHarness<Byte,
            AttributionInput, Organization, LeakSuspicion> harness, Duration sinceLastTouch)
            throws Exception {
        long t = SchoolListScenario.FIRST_CALL;
        process(harness, Inputs.size(CampaignAttributionFunction.POPULATION, 20_000, t), t);
        process(harness, Inputs.size("BANK-1", 100, t), t);
        for (int i = 0; i < 40; i++) {
            long call = t + i * Duration.ofMinutes(30).toMillis();
            List<Touch> touches = List.of(Inputs.touch("BANK-1", call - 300 * DAY,
                    call - sinceLastTouch.toMillis()));
            process(harness, Inputs.contact("+8695555", SchoolListScenario.subscriber(i),
                    call, "IMEI-BANK", null, touches), call);
        }
        return suspicions(harness);
    }

    /** What a second buyer of a list brings: its first suspicion, and the first buyer's again. */
    private record Resale(List<LeakSuspicion> out, String campaignA, LeakSuspicion firstOfB, LeakSuspicion aAgain) {}

    /**
     * Two SIM boxes on disjoint halves of one school list: buyer A ({@code numbersA} numbers of
     * {@code callsA} calls) from the first call on, then buyer B, {@code laterDays} later.
     */
    private static Resale resale(int numbersA, int callsA, int numbersB, int callsB, long laterDays)
            throws Exception {
        long t = SchoolListScenario.FIRST_CALL;
        SchoolListScenario a = SchoolListScenario.campaign(numbersA, "IMEI-A", "CELL-A", 0, numbersA, callsA, 0,
                200, 1_000, t);
        SchoolListScenario b = SchoolListScenario.campaign(numbersB + 10, "IMEI-B", "CELL-B", 100, numbersB, callsB,
                200, 200, 5_000, t + laterDays * DAY);
        var harness = harness(null);
        feed(harness, a.all());
        feed(harness, b.contacts);
        List<LeakSuspicion> out = suspicions(harness);
        String campaignA = out.get(0).getCampaignId();
        LeakSuspicion firstOfB = out.stream()
                .filter(s -> !s.getCampaignId().equals(campaignA)).findFirst().orElseThrow();
        LeakSuspicion aAgain = out.get(out.indexOf(firstOfB) + 1);
        assertEquals(campaignA, aAgain.getCampaignId(), "the first buyer's suspicion is said again at once");
        return new Resale(out, campaignA, firstOfB, aAgain);
    }

    @Test
    void resoldListNamesEveryCampaign() throws Exception {
        Resale r = resale(5, 10, 5, 10, 30);
        Set<String> campaigns = r.out().stream().map(LeakSuspicion::getCampaignId)
                .collect(Collectors.toSet());
        assertEquals(2, campaigns.size(), "two SIM boxes on one list are two campaigns");
        assertEquals(2, r.out().stream().map(LeakSuspicion::getSuspicionId).distinct().count());
        assertEquals(0, r.firstOfB().getUpdate());
        assertEquals(List.of(r.campaignA(), r.firstOfB().getCampaignId()), r.firstOfB().getCampaigns());
        assertEquals(r.out().get(0).getSuspicionId(), r.aAgain().getSuspicionId());
        assertEquals(List.of(r.campaignA(), r.firstOfB().getCampaignId()), r.aAgain().getCampaigns());
        assertEquals(r.firstOfB().getEventTime(), r.aAgain().getEventTime());
    }

    @Test
    void everyBuyerOfAListIsGivenTheLeakDateOfItsBestEvidencedBuyer() throws Exception {
        Resale r = resale(6, 10, 1, 12, 2);
        assertEquals(r.aAgain().getEstimatedLeakTime(), r.firstOfB().getEstimatedLeakTime(),
                "one list, one date: the second buyer's few victims are dated with the first's");
        assertEquals(r.aAgain().getLeakTimeEarliest(), r.firstOfB().getLeakTimeEarliest());
        assertTrue(!r.firstOfB().getLeakTimeLatest().isAfter(Instant.ofEpochMilli(SchoolListScenario.FIRST_CALL)),
                "the list existed by the first buyer's first call");
    }

    @Test
    void aSmallFirstBuyerIsDatedByTheLargerLaterOneButNotPastItsOwnFirstCall() throws Exception {
        // A is a box of two numbers: a single number alone would be linked by source with B's
        // first number, seen alone before its box-mates, and the box would join A's campaign.
        Resale r = resale(2, 6, 6, 10, 2);
        LeakSuspicion firstOfA = r.out().get(0);
        assertEquals(r.aAgain().getEstimatedLeakTime(), r.firstOfB().getEstimatedLeakTime(),
                "the larger buyer dates the list for both");
        Instant firstCall = Instant.ofEpochMilli(SchoolListScenario.FIRST_CALL);
        for (LeakSuspicion s : List.of(firstOfA, r.firstOfB(), r.aAgain())) {
            assertTrue(!s.getLeakTimeLatest().isAfter(firstCall),
                    "no date after the first buyer's first call: " + s.getLeakTimeLatest());
        }
    }

    @Test
    void snapshotAndRestoreKeepTheEvidence() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.standard();
        List<AttributionInput> all = scenario.all();
        var straight = harness(null);
        feed(straight, all);
        List<LeakSuspicion> expected = suspicions(straight);

        int half = all.size() / 2;
        var before = harness(null);
        feed(before, all.subList(0, half));
        List<LeakSuspicion> got = new ArrayList<>(suspicions(before));
        OperatorSubtaskState snapshot = before.snapshot(1L, 1L);
        before.close();
        var after = harness(snapshot);
        feed(after, all.subList(half, all.size()));
        got.addAll(suspicions(after));
        assertEquals(expected, got);
        assertTrue(expected.size() >= 2, "the restored run updated the same suspicion");
    }

    @Test
    void stateIsClearedAfterTheCampaignTtl() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.standard();
        var harness = harness(null);
        feed(harness, scenario.all());
        process(harness, Inputs.risk(scenario.callers.get(0),
                scenario.contacts.get(0).getTimeMs(), "IMEI-BOX-1", 0.9),
                scenario.contacts.get(0).getTimeMs());
        assertFalse(suspicions(harness).isEmpty());
        long last = scenario.contacts.get(scenario.contacts.size() - 1).getTimeMs();
        int before = keyedEntries(harness);

        harness.watermark(last + Duration.ofDays(29).toMillis());
        assertEquals(before, keyedEntries(harness), "nothing expires before the TTL");
        harness.watermark(last + Duration.ofDays(31).toMillis());
        assertEquals(0, harness.numEventTimeTimers());
        // Only the source sizes and their arrivals remain: aggregates over all sources, not
        // campaign state.
        assertEquals(2, keyedEntries(harness));
    }

    private static int keyedEntries(KeyedBroadcastOperatorTestHarness<Byte, AttributionInput,
            Organization, LeakSuspicion> harness) {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    @Test
    void directoryUpdatesRenameSources() throws Exception {
        SchoolListScenario scenario = SchoolListScenario.standard();
        var harness = harness(null);
        harness.processBroadcastElement(SchoolListScenario.org(SchoolListScenario.SCHOOL,
                "Sunrise Bilingual Kindergarten", "SCHOOL", "+862150009999"), 0);
        feed(harness, scenario.all().subList(0, 60));
        LeakSuspicion first = suspicions(harness).get(0);
        assertEquals("Sunrise Bilingual Kindergarten", first.getSourceName());
    }

    @Test
    void invalidInputIsSkipped() throws Exception {
        var harness = harness(null);
        AttributionInput broken = AttributionInput.newBuilder()
                .setKind(org.leaktrace.schema.internal.AttributionKind.CONTACT)
                .setTimeMs(1L).build();
        process(harness, broken, 1L);
        assertTrue(suspicions(harness).isEmpty());
        assertEquals("CONTACT without caller, victim or touches",
                CampaignAttributionFunction.problemOf(broken));
    }

    @Test
    void stateValuesAreFlinkPojosOrHaveSerializersOfTheirOwn() {
        assertTrue(TypeInformation.of(CampaignSummaryState.class) instanceof PojoTypeInfo);
        assertTrue(TypeInformation.of(VictimState.class) instanceof WrittenTypeInfo);
        assertTrue(TypeInformation.of(SourceCount.class) instanceof PojoTypeInfo);
        assertTrue(TypeInformation.of(SuspicionState.class) instanceof PojoTypeInfo);
    }
}
