package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.leaktrace.touch.CallBuilder.mobile;
import static org.leaktrace.touch.CallBuilder.org;
import static org.leaktrace.touch.CallBuilder.sms;
import static org.leaktrace.touch.CallBuilder.voice;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Organization;

class PartySplitterTest {
    private static final String SCHOOL = "+862161234567";
    private static final String SCHOOL_SMS = "+861069012345678";
    private static final String UNREGISTERED_LANDLINE = "+862087654321";

    private BroadcastOperatorTestHarness<CallRecord, Organization, PartyEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        PartySplitter splitter = new PartySplitter(
                List.of(org("SCH-047", SCHOOL), org("SCH-047", SCHOOL_SMS)), SourceKinds.defaults());
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(splitter, PartySplitter.DIRECTORY);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private List<String> split(CallRecord call) throws Exception {
        harness.getOutput().clear();
        harness.processElement(call, call.getStartTime().toEpochMilli());
        return harness.extractOutputValues().stream()
                .map(e -> e.kind + ":" + e.subscriber + ":" + e.counterparty)
                .collect(Collectors.toList());
    }

    @Test
    void callToDirectoryNumberTouchesTheCaller() throws Exception {
        assertEquals(List.of(PartyEvent.TOUCH_OUT + ":" + mobile(1) + ":SCH-047"),
                split(voice(mobile(1), SCHOOL).answered(120).build()));
    }

    @Test
    void directorySmsTouchesTheRecipient() throws Exception {
        assertEquals(List.of(PartyEvent.TOUCH_IN + ":" + mobile(2) + ":SCH-047"),
                split(sms(SCHOOL_SMS, mobile(2)).build()));
    }

    @Test
    void unregisteredBusinessNumbersAreTheirOwnSource() throws Exception {
        assertEquals(List.of(PartyEvent.TOUCH_OUT + ":" + mobile(3) + ":+864001234567"),
                split(voice(mobile(3), "+864001234567").build()), "a 400 hotline is a business");
        assertEquals(List.of(PartyEvent.TOUCH_IN + ":" + mobile(3) + ":+861065500001234"),
                split(sms("+861065500001234", mobile(3)).build()));
    }

    @Test
    void personToPersonGivesCalleeAndCallerViews() throws Exception {
        CallRecord call = voice(mobile(4), mobile(5)).answered(12).imei("IMEI-1").build();
        assertEquals(List.of(
                        PartyEvent.CALLEE + ":" + mobile(5) + ":" + mobile(4),
                        PartyEvent.CALLER + ":" + mobile(4) + ":" + mobile(5)),
                split(call));
        PartyEvent calleeView = harness.extractOutputValues().get(0);
        assertEquals(call.getRecordId(), calleeView.recordId);
        assertEquals(12, calleeView.durationS);
        assertEquals("IMEI-1", calleeView.callerImei);
    }

    /**
     * An unlisted landline may be a shop or a home: a call to it is a touch of the caller's, and
     * a contact of the landline's, so that a list's home landlines are victims too.
     */
    @Test
    void aCallToAnUnlistedLandlineIsATouchAndAContact() throws Exception {
        assertEquals(List.of(
                        PartyEvent.TOUCH_OUT + ":" + mobile(3) + ":" + UNREGISTERED_LANDLINE,
                        PartyEvent.CALLEE + ":" + UNREGISTERED_LANDLINE + ":" + mobile(3),
                        PartyEvent.CALLER + ":" + mobile(3) + ":" + UNREGISTERED_LANDLINE),
                split(voice(mobile(3), UNREGISTERED_LANDLINE).build()));
    }

    @Test
    void unregisteredLandlineCallingOutIsColdContactNotATouch() throws Exception {
        assertEquals(List.of(
                        PartyEvent.CALLEE + ":" + mobile(6) + ":" + UNREGISTERED_LANDLINE,
                        PartyEvent.CALLER + ":" + UNREGISTERED_LANDLINE + ":" + mobile(6)),
                split(voice(UNREGISTERED_LANDLINE, mobile(6)).build()));
    }

    @Test
    void directoryUpdatesAddAndTombstonesOverrideTheSeed() throws Exception {
        harness.processBroadcastElement(org("BANK-3", "+8695588"), 0);
        Organization gone = org("SCH-047", SCHOOL);
        gone.setDeleted(true);
        harness.processBroadcastElement(gone, 0);

        assertEquals(List.of(PartyEvent.TOUCH_OUT + ":" + mobile(7) + ":BANK-3"),
                split(voice(mobile(7), "+8695588").build()));
        assertEquals(List.of(
                        PartyEvent.TOUCH_OUT + ":" + mobile(7) + ":" + SCHOOL,
                        PartyEvent.CALLEE + ":" + SCHOOL + ":" + mobile(7),
                        PartyEvent.CALLER + ":" + mobile(7) + ":" + SCHOOL),
                split(voice(mobile(7), SCHOOL).build()),
                "a deleted directory landline is an unlisted landline: still a business number, and maybe a home");
    }

    @Test
    void inAnotherPlanItsOwnLandlinesAndFreephonesAreSources() throws Exception {
        harness.close();
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new PartySplitter(List.of(), SourceKinds.forRegion("GB")), PartySplitter.DIRECTORY);
        harness.open();
        String person = "+447400123456";
        String freephone = "+448001234567";
        String landline = "+442079460958";
        assertEquals(List.of(PartyEvent.TOUCH_OUT + ":" + person + ":" + freephone),
                split(voice(person, freephone).build()), "an 0800 line is a business");
        assertEquals(List.of(PartyEvent.TOUCH_OUT + ":" + person + ":" + landline,
                        PartyEvent.CALLEE + ":" + landline + ":" + person,
                        PartyEvent.CALLER + ":" + person + ":" + landline),
                split(voice(person, landline).build()), "an unlisted landline: a shop or a home");
        assertEquals(List.of(PartyEvent.CALLEE + ":+447700900123:" + person, PartyEvent.CALLER + ":" + person
                + ":+447700900123"), split(voice(person, "+447700900123").build()), "a mobile is a person");
    }
}
