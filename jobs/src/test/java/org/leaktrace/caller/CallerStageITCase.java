package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.touch.CallBuilder.complaint;
import static org.leaktrace.touch.CallBuilder.mobile;
import static org.leaktrace.touch.CallBuilder.org;
import static org.leaktrace.touch.CallBuilder.sms;
import static org.leaktrace.touch.CallBuilder.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.Organization;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;
import org.leaktrace.touch.SourceKinds;
import org.leaktrace.touch.TouchConfig;

/**
 * A small world end to end: a school texts its 40 customers, a courier texts 20 and its driver
 * calls them within hours, friends call each other, and a spammer works through part of the
 * school's list plus some strangers.
 */
class CallerStageITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String SCHOOL_LINE = "+862161234567";
    private static final String SCHOOL_SMS = "+861069012345678";
    private static final String COURIER_SMS = "+861065500001234";
    private static final String SPAMMER = "+8613966660000";
    private static final String DRIVER = "+8613977770000";
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void riskyCallerHandsItsVictimsWithTheirTouchesToAttribution() throws Exception {
        List<CallRecord> calls = new ArrayList<>();
        List<Complaint> complaints = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(sms(SCHOOL_SMS, mobile(100 + i)).at(Duration.ofMinutes(i)).build());
            if (i % 4 == 0) {
                calls.add(voice(mobile(100 + i), SCHOOL_LINE).at(DAY.plusMinutes(i)).answered(95).build());
            }
        }
        for (int i = 0; i < 20; i++) {
            Duration notice = DAY.multipliedBy(3).plusMinutes(i);
            calls.add(sms(COURIER_SMS, mobile(200 + i)).at(notice).build());
            calls.add(voice(DRIVER, mobile(200 + i)).at(notice.plusHours(2)).answered(25 + i * 3).build());
        }
        for (int i = 0; i < 30; i++) {
            String a = mobile(1000 + i);
            String b = mobile(1000 + (i + 1) % 30);
            calls.add(voice(a, b).at(DAY.multipliedBy(2).plusMinutes(i * 7)).answered(180).build());
            calls.add(voice(b, a).at(DAY.multipliedBy(2).plusHours(5).plusMinutes(i)).answered(60).build());
        }
        for (int i = 0; i < 30; i++) {
            String victim = i < 20 ? mobile(100 + i) : mobile(1000 + i - 20);
            var spam = voice(SPAMMER, victim).at(DAY.multipliedBy(5).plusMinutes(i)).imei("IMEI-SPAM");
            calls.add(i % 4 == 0 ? spam.answered(8).build() : spam.build());
        }
        complaints.add(complaint(mobile(101), SPAMMER, DAY.multipliedBy(5).plusHours(3)));
        complaints.add(complaint(mobile(102), SPAMMER, DAY.multipliedBy(5).plusHours(4)));

        List<AttributionInput> out = run(calls, complaints, List.of(org("SCH-047", SCHOOL_LINE),
                org("SCH-047", SCHOOL_SMS), org("CUR-1", COURIER_SMS)));

        List<VictimContact> contacts = out.stream()
                .filter(a -> a.getKind() == AttributionKind.CONTACT)
                .map(AttributionInput::getContact)
                .collect(Collectors.toList());
        assertTrue(contacts.stream().allMatch(c -> c.getCaller().equals(SPAMMER)),
                "only the spammer's contacts reach attribution");
        assertEquals(30, contacts.stream().map(VictimContact::getVictim).distinct().count());
        long schoolVictims = contacts.stream()
                .filter(c -> c.getTouches().stream().map(Touch::getSource).anyMatch("SCH-047"::equals))
                .count();
        assertEquals(20, schoolVictims);
        assertTrue(contacts.stream().allMatch(c -> "IMEI-SPAM".equals(c.getCallerImei())));

        Set<String> reasons = new HashSet<>();
        out.stream()
                .filter(a -> a.getKind() == AttributionKind.CALLER_RISK)
                .map(AttributionInput::getRisk)
                .forEach(r -> {
                    assertEquals(SPAMMER, r.getCaller());
                    reasons.addAll(r.getReasons());
                });
        assertTrue(reasons.containsAll(List.of("short_call_burst", "sequential_dialing", "complaint_after_call")),
                reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("complaints:")), reasons.toString());

        Map<String, Long> sizes = new HashMap<>();
        out.stream()
                .filter(a -> a.getKind() == AttributionKind.SOURCE_SIZE)
                .forEach(a -> sizes.merge(a.getSize().getSource(), a.getSize().getDelta(), Long::sum));
        assertEquals(40L, sizes.get("SCH-047"));
        assertEquals(20L, sizes.get("CUR-1"));
        SourceKinds kinds = SourceKinds.defaults();
        long mobiles = calls.stream()
                .flatMap(c -> java.util.stream.Stream.of(c.getCaller(), c.getCallee()))
                .filter(n -> !kinds.isSource(n))
                .distinct()
                .count();
        assertEquals(mobiles, sizes.get("*"));
        assertFalse(sizes.containsKey(SPAMMER));
    }

    private static List<AttributionInput> run(
            List<CallRecord> calls, List<Complaint> complaints, List<Organization> directory) throws Exception {
        StreamExecutionEnvironment env = CallerPatternsITCase.environment();
        DataStream<CallRecord> callStream = env.fromData(calls, TypeInformation.of(CallRecord.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<CallRecord>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                        .withTimestampAssigner((c, ts) -> c.getStartTime().toEpochMilli()));
        DataStream<Complaint> complaintStream = env.fromData(complaints, TypeInformation.of(Complaint.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<Complaint>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                        .withTimestampAssigner((c, ts) -> c.getReportedAt().toEpochMilli()));
        DataStream<Organization> updates = env.fromData(
                List.of(org("HOTEL-9", "+8675512345678")), TypeInformation.of(Organization.class));

        List<AttributionInput> out = new ArrayList<>();
        try (CloseableIterator<AttributionInput> it = CallerStage.build(callStream, complaintStream, updates,
                        directory, TouchConfig.defaults(), CallerConfig.defaults(), true)
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
